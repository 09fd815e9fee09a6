"""Maps line numbers of a report's source onto today's source when the only change is added comment or blank lines
(a `// Stryker disable` marking an equivalent mutant, a reflowed remark): the mutants of the other lines still hold."""
import difflib


def comment_only_line_map(old, new):
    """Returns {old line: new line} (1-based) or None when old and new differ by more than inserted comment lines."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    mapping = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            mapping.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
        elif tag == "insert" and all(not line.strip() or line.strip().startswith("//") for line in new_lines[j1:j2]):
            continue
        else:
            return None
    return mapping


def moved(mutant, mapping):
    """The mutant with its location moved by mapping."""
    location = {end: dict(mutant["location"][end], line=mapping[mutant["location"][end]["line"]]) for end in ("start", "end")}
    return dict(mutant, location=location)
