"""The stakeholders' network: members, working groups, the coordinating committee."""
