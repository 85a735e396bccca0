"""Number formats where Django's own leave large numbers ungrouped (FORMAT_MODULE_PATH).

Only the settings overridden here are read from these modules; everything else comes from
Django's locale formats. Figures such as "12,450 kg" or "1,000,000 rows" must stay
readable in every language.
"""
