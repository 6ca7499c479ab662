"""The single walk over a cell's LibCST tree: ``cell.walk_cell`` gathers its raw facts.

``walker`` holds the walk's state and the name rules every handler shares; ``registry``
the decorator that registers a handler for a node type; the handler modules (``names``,
``bindings``, ``literals``, ``calls``, ``definitions``, ``imports``) one concern each.
"""
