"""Maps line numbers of a report's source onto today's source, so that results on lines that did not change still hold.

A line that is equal in both keeps its mutants' results; comment and blank lines (a `// Stryker disable` marking an
equivalent mutant, a reworded remark) are free to change; a code line that is new or changed has no result yet and is
returned as changed, for a rerun to cover."""
import difflib


def _comment(line):
    return not line.strip() or line.strip().startswith("//")


def line_map(old, new):
    """Returns ({old line: new line}, [changed new code lines]), 1-based."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    mapping, changed = {}, []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            mapping.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
        else:
            changed.extend(j + 1 for j in range(j1, j2) if not _comment(new_lines[j]))
    return mapping, changed


def moved(mutant, mapping):
    """The mutant with its location moved by mapping, or None when its lines changed."""
    ends = ("start", "end")
    if any(mutant["location"][end]["line"] not in mapping for end in ends):
        return None
    location = {end: dict(mutant["location"][end], line=mapping[mutant["location"][end]["line"]]) for end in ends}
    return dict(mutant, location=location)
