"""Updating a converted package from its changed notebook: the record of what was generated
(manifest and merge bases), the three-way merge for ``--update`` and the staleness check."""
