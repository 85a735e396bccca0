"""Arabic: Django sets the separators ("," decimal, "." thousands) but no grouping, so
1234567 printed as 1234567; group by thousands with Django's own separators."""

NUMBER_GROUPING = 3
