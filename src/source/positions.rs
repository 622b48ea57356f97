//! The position index of one YAML text: every node's JSON pointer mapped to the span of its
//! key and of its value, built from saphyr-parser's events (no values are built, aliases are
//! not expanded). Built lazily, only for files a diagnostic points into.

use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Nodes deeper than this are not indexed: their positions fall back to an ancestor.
const MAX_DEPTH: usize = 256;

/// A span in characters of the indexed text: 1-based line, 0-based column, char index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharSpan {
    pub line: usize,
    pub col: usize,
    pub start: usize,
    pub end: usize,
}

impl From<Span> for CharSpan {
    fn from(span: Span) -> CharSpan {
        CharSpan {
            line: span.start.line(),
            col: span.start.col(),
            start: span.start.index(),
            end: span.end.index().max(span.start.index()),
        }
    }
}

/// Where a node's key and value are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<CharSpan>,
    pub value: CharSpan,
    /// The value is a mapping or a sequence (its span is only its first token).
    pub collection: bool,
}

/// A key that appears twice in one mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub pointer: String,
    pub first: CharSpan,
    pub second: CharSpan,
}

#[derive(Debug, Default)]
pub struct PositionIndex {
    nodes: HashMap<String, NodeSpan>,
    pub duplicates: Vec<DuplicateKey>,
    /// Some nodes were not indexed: the walk stopped at a syntax error, or swallowed a
    /// complex key or a node beyond `MAX_DEPTH`.
    partial: bool,
}

enum Frame {
    Mapping {
        pointer: String,
        key: Option<(String, CharSpan)>,
    },
    Sequence {
        pointer: String,
        next: usize,
    },
    /// A complex key or a node beyond `MAX_DEPTH`: swallowed until its end.
    Skip {
        depth: usize,
    },
}

/// Appends one reference token to a JSON pointer (RFC 6901 escaping).
pub fn push_token(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

impl PositionIndex {
    /// Walks the text's events. A syntax error ends the walk: what was indexed stays.
    pub fn build(text: &str) -> PositionIndex {
        // libyaml accepts a tab between a key and its value, saphyr-parser stops there. Tabs
        // elsewhere are already syntax errors, and a space has the same width: positions hold.
        let spaced;
        let tabs = text.contains('\t');
        let text = if tabs {
            spaced = text.replace('\t', " ");
            spaced.as_str()
        } else {
            text
        };
        // A tab inside a quoted key is a space here, so that key is no longer the parsed one.
        let mut index = PositionIndex { partial: tabs, ..PositionIndex::default() };
        let mut stack: Vec<Frame> = Vec::new();
        let mut root_done = false;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else {
                index.partial = true;
                break;
            };
            let span = CharSpan::from(span);
            if let Some(Frame::Skip { depth }) = stack.last_mut() {
                match event {
                    Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                    Event::MappingEnd | Event::SequenceEnd => *depth -= 1,
                    _ => {}
                }
                if *depth == 0 {
                    stack.pop();
                    index.node_done(&mut stack);
                }
                continue;
            }
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Mapping { key: key @ None, .. }) = stack.last_mut() {
                        *key = Some((value.into_owned(), span));
                        continue;
                    }
                    if index.record(&mut stack, span, false, &mut root_done).is_some() {
                        index.node_done(&mut stack);
                    }
                }
                Event::Alias(_) => {
                    // What an alias stands for (a key's name, or the nodes under a value) is the
                    // anchored node's, not indexed again here.
                    index.partial = true;
                    if let Some(Frame::Mapping { key: key @ None, .. }) = stack.last_mut() {
                        *key = Some(("*".to_string(), span));
                        continue;
                    }
                    if index.record(&mut stack, span, false, &mut root_done).is_some() {
                        index.node_done(&mut stack);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_mapping = matches!(event, Event::MappingStart(..));
                    let key_missing = matches!(stack.last(), Some(Frame::Mapping { key: None, .. }));
                    let pointer = if key_missing || stack.len() >= MAX_DEPTH {
                        None
                    } else {
                        index.record(&mut stack, span, true, &mut root_done)
                    };
                    if pointer.is_none() {
                        index.partial = true;
                    }
                    stack.push(match pointer {
                        None => Frame::Skip { depth: 1 },
                        Some(pointer) if is_mapping => Frame::Mapping { pointer, key: None },
                        Some(pointer) => Frame::Sequence { pointer, next: 0 },
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    index.node_done(&mut stack);
                }
                Event::DocumentEnd if root_done => break,
                _ => {}
            }
        }
        index
    }

    /// Records a node at the current place; returns its pointer (empty for a scalar, whose
    /// pointer no child needs), or `None` when the node has no place in the index.
    fn record(
        &mut self,
        stack: &mut [Frame],
        span: CharSpan,
        collection: bool,
        root_done: &mut bool,
    ) -> Option<String> {
        let (pointer, key) = match stack.last_mut() {
            None if *root_done => return None,
            None => {
                *root_done = true;
                (String::new(), None)
            }
            Some(Frame::Mapping { pointer, key }) => {
                let (name, key_span) = key.take()?;
                (push_token(pointer, &name), Some(key_span))
            }
            Some(Frame::Sequence { pointer, next }) => (push_token(pointer, &next.to_string()), None),
            Some(Frame::Skip { .. }) => return None,
        };
        // A mapping's children have pointers of their own: a pointer seen before is a key that
        // appears twice in one mapping (the first one stays indexed).
        match self.nodes.entry(pointer) {
            Entry::Occupied(first) => {
                if let (Some(first_key), Some(second)) = (first.get().key, key) {
                    self.duplicates.push(DuplicateKey { pointer: first.key().clone(), first: first_key, second });
                }
                Some(first.key().clone())
            }
            Entry::Vacant(slot) => {
                let pointer = collection.then(|| slot.key().clone());
                slot.insert(NodeSpan { key, value: span, collection });
                Some(pointer.unwrap_or_default())
            }
        }
    }

    /// Moves the parent past a finished child.
    fn node_done(&mut self, stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { next, .. }) => *next += 1,
            _ => {}
        }
    }

    /// Whether every node of the text was indexed, so that a pointer missing from the index
    /// names no node of the text.
    pub fn complete(&self) -> bool {
        !self.partial
    }

    /// The node at `pointer`, or its nearest indexed ancestor.
    pub fn lookup(&self, pointer: &str) -> Option<(&NodeSpan, bool)> {
        let mut current = pointer;
        loop {
            if let Some(node) = self.nodes.get(current) {
                return Some((node, current.len() == pointer.len()));
            }
            let cut = current.rfind('/')?;
            current = &current[..cut];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: &PositionIndex, pointer: &str) -> (Option<(usize, usize)>, (usize, usize)) {
        let (node, exact) = index.lookup(pointer).unwrap();
        assert!(exact, "{pointer} not indexed");
        (node.key.map(|k| (k.line, k.col)), (node.value.line, node.value.col))
    }

    #[test]
    fn block_and_flow_nodes() {
        let text = "people:\n  - id: alice\n    rotations: [on-call, ic]\n  - { id: bob, name: \"B\" }\n";
        let index = PositionIndex::build(text);
        assert_eq!(at(&index, "/people"), (Some((1, 0)), (2, 2)));
        assert_eq!(at(&index, "/people/0/id"), (Some((2, 4)), (2, 8)));
        assert_eq!(at(&index, "/people/0/rotations/1"), (None, (3, 25)));
        assert_eq!(at(&index, "/people/1/name"), (Some((4, 15)), (4, 21)));
        assert_eq!(at(&index, ""), (None, (1, 0)));
    }

    #[test]
    fn escaping_and_fallback() {
        let index = PositionIndex::build("a/b: {x: 1}\n");
        assert_eq!(at(&index, "/a~1b/x"), (Some((1, 6)), (1, 9)));
        let (node, exact) = index.lookup("/a~1b/y/z").unwrap();
        assert!(!exact);
        assert_eq!(node.value.line, 1);
    }

    #[test]
    fn duplicates_are_found() {
        let index = PositionIndex::build("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(index.duplicates.len(), 1);
        assert_eq!(index.duplicates[0].pointer, "/b/c");
        assert_eq!((index.duplicates[0].second.line, index.duplicates[0].second.col), (4, 2));
    }

    #[test]
    fn tab_after_a_colon() {
        let index = PositionIndex::build("a: 1\ntimezone:\tEurope/Warsaw\n");
        assert_eq!(at(&index, "/timezone"), (Some((2, 0)), (2, 10)));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(20_000) + &"]".repeat(20_000);
        let index = PositionIndex::build(&text);
        assert!(index.nodes.len() <= MAX_DEPTH + 1);
    }
}
