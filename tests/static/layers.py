#!/usr/bin/env python3
"""Check the layers of docs/architecture.md against the tree (issue 13).

1. Every `#include "dir/file.h"` in src/ names a folder the including file's folder may include:
   its own, or one listed for it in the ```layers block of docs/architecture.md.
2. No include cycle between modules of src/ (x.c and x.h are one module x).
3. No import cycle between modules of web/app (ES `import ... from`, `export ... from`).

Usage: layers.py [ROOT]   (ROOT defaults to the repository this file is in)
Exit 0 when clean, 1 on a violation (each named: file:line and the rule, or the cycle), 2 when the
layers block cannot be read.
"""
import os
import re
import sys

# Known violations still being fixed. Each entry must still occur (a stale entry fails, so the
# list can only shrink). Empty since issue 13 cut the last ones: fix a new violation, do not
# list it here.
#   ("layer", "src/x/file.c", "dir")       file includes a header of folder dir it may not
#   ("cycle", "src/a/m1", "src/b/m2", ...)  an include/import cycle among these modules (any order)
ALLOWED = [
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
JS_FROM_RE = re.compile(r'^\s*(?:import|export)\b[^\'";]*?\bfrom\s*[\'"]([^\'"]+)[\'"]', re.M | re.S)
JS_BARE_RE = re.compile(r'^\s*import\s*[\'"]([^\'"]+)[\'"]', re.M)


def read_layers(root):
    path = os.path.join(root, "docs", "architecture.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^```layers\n(.*?)^```", text, re.M | re.S)
    if not m:
        sys.exit("layers.py: no ```layers block in docs/architecture.md")
    layers = {}
    for n, line in enumerate(m.group(1).splitlines(), 1):
        words = line.split()
        if not words:
            continue
        folder, below = words[0], [w for w in words[1:] if w != "-"]
        if folder in layers:
            sys.exit("layers.py: folder %s listed twice in the layers block" % folder)
        for b in below:
            if b not in layers:
                sys.exit("layers.py: layers block: %s names %s before %s is listed (list a folder "
                         "below the folders it may include)" % (folder, b, b))
        layers[folder] = set(below)
    return layers


def src_files(root):
    out = []
    for d, _, files in os.walk(os.path.join(root, "src")):
        for name in files:
            if name.endswith((".c", ".h")):
                out.append(os.path.relpath(os.path.join(d, name), root))
    return sorted(out)


def js_files(root):
    out = []
    for d, _, files in os.walk(os.path.join(root, "web", "app")):
        for name in files:
            if name.endswith((".js", ".mjs")):
                out.append(os.path.relpath(os.path.join(d, name), root))
    return sorted(out)


def module(path):
    return os.path.splitext(path)[0]


def cycles(graph):
    """Elementary cycles of graph {node: set(node)}, each as a list starting at its least node."""
    # strongly connected components (Tarjan, iterative)
    index, low, onstack, stack, sccs, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]; counter[0] += 1
        stack.append(start); onstack.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); onstack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in onstack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); onstack.discard(w); comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in graph.get(v, ()):
                    sccs.append(sorted(comp))
    # elementary cycles inside each component: from its least node s, paths over nodes > s back to s
    found = []
    for comp in sccs:
        members = set(comp)
        for s in comp:
            def walk(path, seen):
                for w in sorted(graph.get(path[-1], ())):
                    if w not in members or w < s:
                        continue
                    if w == s:
                        found.append(list(path))
                    elif w not in seen and len(found) < 1000:
                        seen.add(w); path.append(w)
                        walk(path, seen)
                        path.pop(); seen.discard(w)
            walk([s], {s})
    return sccs, found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    layers = read_layers(root)
    allowed_layer = {(e[1], e[2]) for e in ALLOWED if e[0] == "layer"}
    allowed_cycle = {frozenset(e[1:]) for e in ALLOWED if e[0] == "cycle"}
    used = set()
    problems = []

    # 1. layers, and the include graph
    graph = {}
    for path in src_files(root):
        parts = path.split(os.sep)
        folder = parts[1] if len(parts) > 2 else None
        if folder not in layers:
            problems.append("%s: folder src/%s is not in the layers block of docs/architecture.md"
                            % (path, folder))
            continue
        me = module(path)
        graph.setdefault(me, set())
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                inc = m.group(1)
                target = os.path.normpath(os.path.join("src", inc))
                if not os.path.exists(os.path.join(root, target)):
                    target = os.path.normpath(os.path.join(os.path.dirname(path), inc))
                    if not os.path.exists(os.path.join(root, target)):
                        continue  # generated or system header
                tparts = target.split(os.sep)
                if tparts[0] != "src" or len(tparts) < 3:
                    continue
                tfolder = tparts[1]
                if tfolder != folder and tfolder not in layers[folder]:
                    if (path, tfolder) in allowed_layer:
                        used.add(("layer", path, tfolder))
                    else:
                        may = " ".join(sorted(layers[folder])) or "none"
                        problems.append('%s:%d: #include "%s": src/%s may not include src/%s '
                                        '(src/%s may include: %s)'
                                        % (path, n, inc, folder, tfolder, folder, may))
                tm = module(target)
                if tm != me:
                    graph[me].add(tm)

    # 3. the web/app import graph
    jsgraph = {}
    for path in js_files(root):
        me = module(path)
        jsgraph.setdefault(me, set())
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            text = f.read()
        for m in list(JS_FROM_RE.finditer(text)) + list(JS_BARE_RE.finditer(text)):
            spec = m.group(1)
            if not spec.startswith("."):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(path), spec))
            if module(target) != me:
                jsgraph[me].add(module(target))

    for what, g in (("include", graph), ("import", jsgraph)):
        sccs, found = cycles(g)
        for comp in sccs:
            key = frozenset(comp)
            if key in allowed_cycle:
                used.add(("cycle",) + tuple(sorted(key)))
                continue
            problems.append("%s cycle among %d modules: %s" % (what, len(comp), " ".join(comp)))
            for c in found:
                if set(c) <= key:
                    problems.append("  %s" % " -> ".join(c + [c[0]]))

    for e in ALLOWED:
        key = ("cycle",) + tuple(sorted(e[1:])) if e[0] == "cycle" else e
        if key not in used:
            problems.append("stale allow-list entry in tests/static/layers.py (fixed? remove it): %s"
                            % (e,))

    for p in problems:
        print(p)
    if problems:
        print("layers: %d problem(s); the rule is the ```layers block of docs/architecture.md"
              % sum(1 for p in problems if not p.startswith("  ")))
        return 1
    print("layers: ok (%d C files, %d web modules, %d allowed known violation(s) left)"
          % (len(src_files(root)), len(jsgraph), len(ALLOWED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
