#!/usr/bin/env python3
"""scripts/fnlen.py [LIMIT] -- lists every function body in the tracked C and
C++ sources longer than LIMIT lines (default 80) and exits non-zero if there
is one.  A textual check (braces outside strings and comments), for the
lint gate: a function is a line whose text ends in ')' plus qualifiers or
'{', at the start of a brace block that is not a class, namespace, enum,
lambda argument or control statement."""
import re
import subprocess
import sys

LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 80
NOT_FUNCTION = re.compile(
    r"^\s*(namespace|class|struct|enum|union|extern|if|else|for|while|switch|do|try|catch|case|default)\b"
    r"|=\s*\{|\[[^\]]*\]\s*(\([^)]*\))?\s*(mutable\s*)?(->\s*[\w:<>]+\s*)?\{\s*$")


def code(line, state):
    """The line without strings, characters and comments; state carries /* */."""
    out, i = [], 0
    while i < len(line):
        if state["block"]:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out)
            state["block"], i = False, end + 2
        elif line.startswith("/*", i):
            state["block"], i = True, i + 2
        elif line.startswith("//", i):
            break
        elif line[i] in "\"'":
            q, i = line[i], i + 1
            while i < len(line) and line[i] != q:
                i += 2 if line[i] == "\\" else 1
            i += 1
        else:
            out.append(line[i])
            i += 1
    return "".join(out)


def long_functions(path):
    lines = open(path, errors="replace").read().split("\n")
    state = {"block": False}
    text = [code(l, state) for l in lines]
    stack = []  # (line index of the opening, is a function)
    for n, t in enumerate(text):
        for ch in t:
            if ch == "{":
                # The statement this brace opens: this line and the ones
                # before it back to the last ';', '{' or '}'.
                head, k = t[: t.index("{")] if t.count("{") == 1 else t, n
                while k > 0 and not re.search(r"[;{}]\s*$", text[k - 1]) and n - k < 6:
                    k -= 1
                    head = text[k] + " " + head
                is_fn = re.search(r"\)\s*(const|override|final|noexcept|mutable|&&|&|->\s*[\w:<>*&]+|\s)*$", head) \
                    and not NOT_FUNCTION.search(head.strip() + "{") and not NOT_FUNCTION.search(lines[k])
                stack.append((k, bool(is_fn)))
            elif ch == "}" and stack:
                start, is_fn = stack.pop()
                if is_fn and n - start + 1 > LIMIT and not any(f for _, f in stack):
                    while not text[start].strip():
                        start += 1
                    yield start + 1, n - start + 1, lines[start].strip()


def main():
    files = subprocess.check_output(["git", "ls-files", "*.cc", "*.h", "*.hpp", "*.c"], text=True).split()
    found = 0
    for f in files:
        for line, length, head in long_functions(f):
            print(f"{f}:{line}: {length} lines: {head[:80]}")
            found += 1
    print(f"fnlen: {found} function(s) over {LIMIT} lines in {len(files)} files")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
