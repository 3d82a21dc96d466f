//! The tree html5ever builds, kept as lean as the reader allows: element
//! names, the `rowspan` and `colspan` of every element, text, and bare
//! nodes for everything else. Nodes live in one vector and link to their
//! parent and siblings by index.
//!
//! The tree operations follow `scraper`'s tree sink on `ego_tree` step by
//! step (text merged into a preceding text node, template contents as the
//! template's first child, a moved node detached first), so the tree comes
//! out the same, node for node.

use super::grid;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, expanded_name, local_name, ns};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// A node's index in the tree.
pub(crate) type NodeId = usize;

/// What a node is.
#[derive(Debug)]
pub(crate) enum Data {
    /// The document, the root.
    Document,
    /// A doctype, comment, processing instruction or template contents.
    Other,
    /// Text.
    Text(StrTendril),
    /// An element.
    Element(Element),
}

/// An element: its name, and the row and column spans it declares.
#[derive(Debug)]
pub(crate) struct Element {
    name: QualName,
    /// `rowspan` parsed by [`grid::parse_span`] (`None` when absent).
    pub rowspan: Option<u32>,
    /// `colspan` parsed likewise.
    pub colspan: Option<u32>,
}

impl Element {
    /// The local name (lower case for HTML elements).
    pub fn name(&self) -> &str {
        &self.name.local
    }
}

/// A node and its links.
#[derive(Debug)]
struct Node {
    parent: Option<NodeId>,
    prev: Option<NodeId>,
    next: Option<NodeId>,
    /// First and last child.
    children: Option<(NodeId, NodeId)>,
    data: Data,
}

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Dom {
    nodes: Vec<Node>,
}

/// Walking in document order: entering a node, and leaving it after its
/// descendants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edge {
    /// Entering a node.
    Open(NodeId),
    /// Leaving a node.
    Close(NodeId),
}

impl Dom {
    /// Parses a whole document as html5ever does, with its defaults.
    pub fn parse(html: &str) -> Dom {
        // Mostly a node per start tag and one per text between tags.
        let nodes = memchr::memchr_iter(b'<', html.as_bytes()).count() + 8;
        let sink = Sink::with_capacity(nodes);
        html5ever::parse_document(sink, html5ever::ParseOpts::default()).one(html)
    }

    /// The document node.
    pub fn root(&self) -> NodeId {
        0
    }

    /// What node `id` is.
    pub fn data(&self, id: NodeId) -> &Data {
        self.nodes.get(id).map_or(&Data::Document, |n| &n.data)
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let first = self.nodes.get(id).and_then(|n| n.children).map(|(f, _)| f);
        std::iter::successors(first, |&c| self.nodes.get(c).and_then(|n| n.next))
    }

    /// The edges of the subtree under `root`, `root` included, in
    /// document order.
    pub fn traverse(&self, root: NodeId) -> impl Iterator<Item = Edge> + '_ {
        std::iter::successors(Some(Edge::Open(root)), move |&edge| {
            let node = |id: NodeId| self.nodes.get(id);
            match edge {
                Edge::Open(id) => Some(match node(id).and_then(|n| n.children) {
                    Some((first, _)) => Edge::Open(first),
                    None => Edge::Close(id),
                }),
                Edge::Close(id) if id == root => None,
                Edge::Close(id) => {
                    let n = node(id)?;
                    match n.next {
                        Some(next) => Some(Edge::Open(next)),
                        None => n.parent.map(Edge::Close),
                    }
                }
            }
        })
    }

    /// Adds a node with no parent.
    fn orphan(&mut self, data: Data) -> NodeId {
        self.nodes.push(Node {
            parent: None,
            prev: None,
            next: None,
            children: None,
            data,
        });
        self.nodes.len() - 1
    }

    /// The last child of `id` when it is text.
    fn text_mut(&mut self, id: Option<NodeId>) -> Option<&mut StrTendril> {
        match self.nodes.get_mut(id?).map(|n| &mut n.data) {
            Some(Data::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Takes `id` out of its parent's children.
    fn detach(&mut self, id: NodeId) {
        let Some(node) = self.nodes.get_mut(id) else {
            return;
        };
        let Some(parent) = node.parent.take() else {
            return;
        };
        let (prev, next) = (node.prev.take(), node.next.take());
        if let Some(p) = prev.and_then(|p| self.nodes.get_mut(p)) {
            p.next = next;
        }
        if let Some(n) = next.and_then(|n| self.nodes.get_mut(n)) {
            n.prev = prev;
        }
        let Some(parent) = self.nodes.get_mut(parent) else {
            return;
        };
        parent.children = match parent.children {
            Some((first, last)) if first == last => None,
            Some((first, last)) if first == id => next.map(|n| (n, last)),
            Some((first, last)) if last == id => prev.map(|p| (first, p)),
            other => other,
        };
    }

    /// Makes `child` the last child of `parent`.
    fn append_id(&mut self, parent: NodeId, child: NodeId) {
        let last = self
            .nodes
            .get(parent)
            .and_then(|n| n.children)
            .map(|(_, l)| l);
        if last == Some(child) {
            return;
        }
        self.detach(child);
        if let Some(c) = self.nodes.get_mut(child) {
            c.parent = Some(parent);
            c.prev = last;
        }
        if let Some(l) = last.and_then(|l| self.nodes.get_mut(l)) {
            l.next = Some(child);
        }
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children = Some(match p.children {
                Some((first, _)) => (first, child),
                None => (child, child),
            });
        }
    }

    /// Puts `new` right before `sibling`, which has a parent.
    fn insert_before(&mut self, sibling: NodeId, new: NodeId) {
        self.detach(new);
        let Some(s) = self.nodes.get(sibling) else {
            return;
        };
        let (Some(parent), prev) = (s.parent, s.prev) else {
            return;
        };
        if let Some(n) = self.nodes.get_mut(new) {
            n.parent = Some(parent);
            n.prev = prev;
            n.next = Some(sibling);
        }
        if let Some(p) = prev.and_then(|p| self.nodes.get_mut(p)) {
            p.next = Some(new);
        }
        if let Some(s) = self.nodes.get_mut(sibling) {
            s.prev = Some(new);
        }
        if let Some(p) = self.nodes.get_mut(parent)
            && let Some((first, last)) = p.children
            && first == sibling
        {
            p.children = Some((new, last));
        }
    }

    /// Moves all children of `from` to the end of `to`'s.
    fn reparent_append(&mut self, to: NodeId, from: NodeId) {
        let Some((first, last)) = self.nodes.get_mut(from).and_then(|n| n.children.take()) else {
            return;
        };
        let mut child = Some(first);
        while let Some(c) = child.and_then(|c| self.nodes.get_mut(c)) {
            c.parent = Some(to);
            child = c.next;
        }
        let old = self.nodes.get(to).and_then(|n| n.children);
        if let Some((old_first, old_last)) = old {
            if let Some(l) = self.nodes.get_mut(old_last) {
                l.next = Some(first);
            }
            if let Some(f) = self.nodes.get_mut(first) {
                f.prev = Some(old_last);
            }
            if let Some(t) = self.nodes.get_mut(to) {
                t.children = Some((old_first, last));
            }
        } else if let Some(t) = self.nodes.get_mut(to) {
            t.children = Some((first, last));
        }
    }
}

/// Builds a [`Dom`] for html5ever.
struct Sink {
    dom: RefCell<Dom>,
}

impl Sink {
    /// A sink holding the document node, with room for `nodes` nodes.
    fn with_capacity(nodes: usize) -> Sink {
        let mut dom = Dom {
            nodes: Vec::with_capacity(nodes),
        };
        dom.orphan(Data::Document);
        Sink {
            dom: RefCell::new(dom),
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.dom.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.dom.borrow(), |dom| {
            match dom.nodes.get(*target).map(|n| &n.data) {
                Some(Data::Element(e)) => &e.name,
                // The tree builder asks for element names only.
                _ => unreachable!("not an element"),
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        let template = name.expanded() == expanded_name!(html "template");
        let (mut rowspan, mut colspan) = (None, None);
        for a in &attrs {
            match a.name.local {
                local_name!("rowspan") => rowspan = grid::parse_span(&a.value),
                local_name!("colspan") => colspan = grid::parse_span(&a.value),
                _ => {}
            }
        }
        let mut dom = self.dom.borrow_mut();
        let id = dom.orphan(Data::Element(Element {
            name,
            rowspan,
            colspan,
        }));
        if template {
            let contents = dom.orphan(Data::Other);
            dom.append_id(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.dom.borrow_mut().orphan(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.dom.borrow_mut().orphan(Data::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => dom.append_id(*parent, id),
            NodeOrText::AppendText(text) => {
                let last = dom
                    .nodes
                    .get(*parent)
                    .and_then(|n| n.children)
                    .map(|(_, l)| l);
                if let Some(t) = dom.text_mut(last) {
                    t.push_tendril(&text);
                } else {
                    let id = dom.orphan(Data::Text(text));
                    dom.append_id(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .dom
            .borrow()
            .nodes
            .get(*element)
            .is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut dom = self.dom.borrow_mut();
        let id = dom.orphan(Data::Other);
        dom.append_id(0, id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        // Every template was made with its contents as its first child.
        let dom = self.dom.borrow();
        let first = dom.nodes.get(*target).and_then(|n| n.children);
        first.map_or(*target, |(first, _)| first)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            dom.detach(id);
        }
        let Some(s) = dom.nodes.get(*sibling) else {
            return;
        };
        if s.parent.is_none() {
            return;
        }
        let prev = s.prev;
        match new_node {
            NodeOrText::AppendNode(id) => dom.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                if let Some(t) = dom.text_mut(prev) {
                    t.push_tendril(&text);
                } else {
                    let id = dom.orphan(Data::Text(text));
                    dom.insert_before(*sibling, id);
                }
            }
        }
    }

    // The reader reads no attribute of `<html>` or `<body>`, the only
    // elements the tree builder adds attributes to.
    fn add_attrs_if_missing(&self, _target: &NodeId, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &NodeId) {
        self.dom.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.dom.borrow_mut().reparent_append(*new_parent, *node);
    }
}
