"""YAML text to Python data: yaml.load with the safe loader, built faster from the same nodes.

PyYAML's libyaml loader (CSafeLoader) parses in C but resolves each node's tag and builds the
Python objects in Python, through several calls per node and a generator per mapping: for
db/content, ~150 ms of a ~470 ms build. Here libyaml composes the nodes as before, with the
same tags resolved by a shorter route (_Loader), and one small recursive function builds the
same dicts, lists, strings and scalars from them: ~95 ms (bench/build_time.py). Anything out of
the ordinary (a merge key, an anchor used twice, an explicit tag other than the standard
scalars, or any error) is loaded again by yaml.load itself, so the result, and any exception,
is always yaml.load's.
"""

from __future__ import annotations

from types import GeneratorType
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster

_STR, _SEQ, _MAP = BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG
# The scalar tags whose safe constructor is a plain function of the node (no generator, no state).
_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))
_KEY_TAGS = _SCALARS | {_STR}


class _Loader(LOADER):
    """LOADER, resolving tags as yaml's Resolver does when no path resolver is declared (none is
    for the safe loaders): each plain scalar tried against the implicit resolvers for its first
    character and the wildcard ones, in the same order; anything else gets the default tag. The
    resolvers are read when the loader is made; the (empty) path hooks are skipped."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        found = self.yaml_implicit_resolvers
        self._wildcard = tuple(found.get(None, []))
        self._by_first = {first: tuple(resolvers) + self._wildcard
                          for first, resolvers in found.items() if first is not None}

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class _Unusual(Exception):
    """Something the fast path leaves to yaml.load."""


def load(text: str) -> Any:
    """yaml.load(text, Loader=LOADER): the same data, or the same exception."""
    if not LOADER.yaml_path_resolvers:  # always so, unless a path resolver was added at run time
        loader = _Loader(text)
        try:
            node = loader.get_single_node()  # parse errors are raised here, as yaml.load raises them
            if node is None:
                return None
            try:
                return _build(node, loader, set())
            except Exception:  # noqa: BLE001 - yaml.load decides what this document is, or raises
                pass
        finally:
            loader.dispose()
    return yaml.load(text, Loader=LOADER)


def _build(node: Any, loader: Any, seen: set[int]) -> Any:
    tag = node.tag
    kind = node.__class__
    if kind is ScalarNode:
        if tag == _STR:
            return node.value
        if tag in _SCALARS:
            value = loader.yaml_constructors[tag](loader, node)
            if not isinstance(value, GeneratorType):  # (a constructor replaced by one yaml.load finishes)
                return value
        raise _Unusual(tag)
    if id(node) in seen:  # an alias of a list or mapping: yaml.load shares one object
        raise _Unusual("alias")
    seen.add(id(node))
    if kind is MappingNode and tag == _MAP:
        data = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag not in _KEY_TAGS:
                raise _Unusual("key")  # a merge key (<<), a '=' key, a list or mapping as a key
            data[_build(key_node, loader, seen)] = _build(value_node, loader, seen)
        return data
    if kind is SequenceNode and tag == _SEQ:
        return [_build(item, loader, seen) for item in node.value]
    raise _Unusual(tag)
