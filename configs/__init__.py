"""Pantau's shipped configuration: the YAML users edit, the rule and gazetteer data, and the models that validate them."""
