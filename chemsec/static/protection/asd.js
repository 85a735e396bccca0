/* Adversary sequence diagram editor: builds layer and element inputs from the JSON
   textarea and writes every change back to it, so the form posts the same document
   it would without JavaScript. No inline script; labels come from data-* attributes. */
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function field(label, input) {
    return el("label", {}, [document.createTextNode(label), input]);
  }

  function numberInput(value, cls, step) {
    var attrs = { type: "number", min: "0", step: step || "any", class: cls };
    var input = el("input", attrs);
    input.value = value === undefined || value === null ? "" : String(value);
    return input;
  }

  function Editor(root, textarea) {
    this.root = root;
    this.textarea = textarea;
    this.labels = root.dataset;
  }

  Editor.prototype.load = function () {
    var doc;
    try { doc = JSON.parse(this.textarea.value); } catch (e) { return false; }
    if (!doc || !Array.isArray(doc.layers)) { return false; }
    this.doc = doc;
    this.render();
    return true;
  };

  Editor.prototype.render = function () {
    var self = this, L = this.labels, doc = this.doc;
    doc.response = doc.response || {};
    this.root.replaceChildren();
    var common = el("div", { class: "asd-common" }, [
      field(L.labelPc, this.bind(numberInput(doc.p_communication, "asd-pc", "0.01"), doc, "p_communication")),
      field(L.labelRftMean, this.bind(numberInput(doc.response.mean, "asd-rft-mean"), doc.response, "mean")),
      field(L.labelRftSd, this.bind(numberInput(doc.response.sd, "asd-rft-sd"), doc.response, "sd"))
    ]);
    this.root.appendChild(common);
    doc.layers.forEach(function (layer, k) { self.root.appendChild(self.layerBox(layer, k)); });
    var add = el("button", { type: "button", class: "button-small asd-add-layer", text: L.labelAddLayer });
    add.addEventListener("click", function () {
      doc.layers.push({ name: L.labelLayer + " " + (doc.layers.length + 1), elements: [self.blank()] });
      self.changed(true);
    });
    this.root.appendChild(add);
  };

  Editor.prototype.blank = function () {
    return { name: this.labels.labelElement, p_detection: 0, location: "B", delay_mean: 0 };
  };

  Editor.prototype.layerBox = function (layer, k) {
    var self = this, L = this.labels;
    var name = this.bind(el("input", { type: "text", class: "asd-layer-name" }), layer, "name", true);
    name.value = layer.name || "";
    var box = el("fieldset", { class: "asd-layer", "data-layer": String(k) }, [
      el("legend", { text: L.labelLayer + " " + (k + 1) }), field(L.labelName, name)
    ]);
    (layer.elements || []).forEach(function (item, i) { box.appendChild(self.elementRow(layer, item, i)); });
    var add = el("button", { type: "button", class: "button-small asd-add-element", text: L.labelAddElement });
    add.addEventListener("click", function () { layer.elements.push(self.blank()); self.changed(true); });
    var remove = el("button", { type: "button", class: "button-small asd-remove-layer", text: L.labelRemove + " (" + L.labelLayer + ")" });
    remove.addEventListener("click", function () { self.doc.layers.splice(k, 1); self.changed(true); });
    box.appendChild(el("p", {}, [add, document.createTextNode(" "), remove]));
    return box;
  };

  Editor.prototype.elementRow = function (layer, item, i) {
    var self = this, L = this.labels;
    var name = this.bind(el("input", { type: "text", class: "asd-name" }), item, "name", true);
    name.value = item.name || "";
    var where = el("select", { class: "asd-location" }, ["B", "M", "E"].map(function (code) {
      return el("option", { value: code, text: code });
    }));
    where.value = item.location || "B";
    this.bind(where, item, "location", true);
    var remove = el("button", { type: "button", class: "button-small asd-remove-element", text: L.labelRemove });
    remove.addEventListener("click", function () { layer.elements.splice(i, 1); self.changed(true); });
    return el("div", { class: "asd-element" }, [
      field(L.labelName, name),
      field(L.labelPd, this.bind(numberInput(item.p_detection, "asd-pd", "0.01"), item, "p_detection")),
      field(L.labelLocation, where),
      field(L.labelMean, this.bind(numberInput(item.delay_mean, "asd-mean"), item, "delay_mean")),
      field(L.labelSd, this.bind(numberInput(item.delay_sd, "asd-sd"), item, "delay_sd")),
      remove
    ]);
  };

  Editor.prototype.bind = function (input, target, key, isText) {
    var self = this;
    input.addEventListener("input", function () {
      if (isText) { target[key] = input.value; }
      else if (input.value === "") { delete target[key]; }
      else { target[key] = Number(input.value); }
      self.changed(false);
    });
    return input;
  };

  Editor.prototype.changed = function (redraw) {
    this.textarea.value = JSON.stringify(this.doc, null, 2);
    // The inputs sit outside the form: tell it (chemsec/unsaved.js) that it has unsaved work.
    this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
    if (redraw) { this.render(); }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-asd-editor]");
    var textarea = document.querySelector("textarea.asd-json");
    if (!root || !textarea) { return; }
    var editor = new Editor(root, textarea);
    if (editor.load()) { root.hidden = false; }
    // Hand edits to the JSON rebuild the inputs, so either way of editing stays in step.
    textarea.addEventListener("change", function () { root.hidden = !editor.load(); });
  });
})();
