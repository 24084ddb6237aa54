"""Font roles -> prepared faces: the font configuration (fonts/fonts.yaml) and its resolution.

Manifests name roles (song, hei, kai, fangsong) and weights; `fonts/fonts.yaml`
maps each to candidate files in priority order (a paper's licensed files first,
then the free Noto CJK and LXGW fonts). A role with no installed candidate is
substituted (fangsong -> kai, with a warning); `fallback:` fonts serve only the
characters a role lacks. FontSet asks prepare.py for each face.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from layout.errors import BanmianError, Log
from layout.i18n import M
from layout.fonts.charset import base_charset, common_charset
from layout.fonts.store import DEFAULT_CACHE, PREP_VERSION, Source, _load_pickle, _memo, _memo_save, _touch
from layout.fonts.face import Face
from layout.fonts.prepare import INLINE_GLYPHS, _build_face, _face_metrics, _face_paths, _glyph_store
from layout.fonts.workers import _JOBS


ROLES = ("song", "hei", "kai", "fangsong")


WEIGHTS = ("light", "regular", "bold", "heavy")


FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"


class FontSet:
    """Resolves roles and weights to sources and prepares faces for one build."""

    def __init__(self, config_path: Path | None = None, fonts_dir: Path | None = None,
                 cache_dir: Path | None = None, log: Log | None = None):
        self.fonts_dir = Path(fonts_dir or FONTS_DIR)
        self.config_path = Path(config_path or self.fonts_dir / "fonts.yaml")
        self.cache_dir = Path(cache_dir or DEFAULT_CACHE) / "fonts"
        self.log = log or Log()
        from layout.source.yamlsrc import load_yaml
        if not self.config_path.exists():
            raise BanmianError(M('font configuration not found'), self.config_path,
                               hint=M('restore fonts/fonts.yaml from the repository'))
        # read with line numbers: a missing file or face is reported at its entry
        self._y = load_yaml(self.config_path)
        self.config = self._y.value if self._y.is_map else {}
        self._check_config()
        self._warned: set = set()
        self._faces: dict[tuple, Face | list[Face]] = {}
        self._wanted: dict[frozenset, tuple[list[str], str]] = {}

    def _check_config(self) -> None:
        """The shape of fonts.yaml: roles -> weights -> lists of file names or {file:, face:}."""
        y = self._y
        y.check_keys({"roles", "substitute", "fallback"})
        for section in ("roles", "fallback"):
            sy = y.get(section)
            if sy is None or sy.value is None:
                continue
            for role, ry in sy.items():
                if role not in ROLES:
                    raise ry.error(M("unknown font role '{role}'", role=role), hint=M('roles are {v}', v=', '.join(ROLES)))
                if ry.value is None:
                    continue
                lists = [(w, wy) for w, wy in ry.items()] if section == "roles" else [(None, ry)]
                for weight, ly in lists:
                    if weight is not None and weight not in WEIGHTS:
                        raise ly.error(M("unknown font weight '{weight}'", weight=weight), hint=M('weights are {v}', v=', '.join(WEIGHTS)))
                    for cy in (ly.list() if ly.value is not None else []):
                        if cy.is_map:
                            cy.check_keys({"file", "face"})
                            cy.require("file").str()
                            if cy.get("face") is not None:
                                cy.get("face").str()
                        else:
                            cy.str()
        sub = y.get("substitute")
        if sub is not None and sub.value is not None:
            for role, ry in sub.items():
                if role not in ROLES or ry.str() not in ROLES:
                    raise ry.error(M('substitute {role}: {ry} names an unknown role', role=role, ry=ry.str()),
                                   hint=M('roles are {v}', v=', '.join(ROLES)))

    def _entry(self, *keys) -> "object | None":
        """The Y node of fonts.yaml at roles/fallback -> role (-> weight), for its line."""
        y = self._y
        for k in keys:
            if y is None or not y.is_map:
                return None
            y = y.get(k)
        return y

    def _blame(self, *keys) -> tuple:
        y = self._entry(*keys)
        return (self.config_path, y.line, y.column) if y is not None else (self.config_path, None, None)

    # -- resolution ---------------------------------------------------------

    def candidates(self, role: str, weight: str) -> list[tuple[Path, str | None]]:
        entry = (self.config.get("roles") or {}).get(role) or {}
        out = []
        for c in entry.get(weight) or []:
            if isinstance(c, dict):
                out.append((self._path(c["file"]), c.get("face")))
            else:
                out.append((self._path(c), None))
        return out

    def _path(self, name: str) -> Path:
        p = Path(name)
        return p if p.is_absolute() else self.fonts_dir / p

    def source(self, role: str, weight: str) -> Source:
        """The first candidate that exists; a role without one is substituted (fangsong -> kai)."""
        if role not in ROLES:
            raise BanmianError(M("unknown font role '{role}'",
                                 role=role), hint=M("roles are {v}",
                                                                                  v=', '.join(ROLES)))
        if weight not in WEIGHTS:
            raise BanmianError(M("unknown font weight '{weight}'",
                                 weight=weight), hint=M("weights are {v}",
                                                                                          v=', '.join(WEIGHTS)))
        tried = []
        for path, face in self.candidates(role, weight):
            tried.append(str(path))
            if path.exists():
                return _open_source(path, face, self._blame("roles", role, weight))
        sub = (self.config.get("substitute") or {}).get(role)
        if sub:
            self.log.warn(M("font role {role} {weight}: no font installed (tried {v}); using {sub} instead",
                            role=role, weight=weight, v=', '.join(tried) or 'nothing', sub=sub))
            return self.source(sub, weight)
        raise BanmianError(
            M('no font for role {role} {weight}; tried: {v}', role=role, weight=weight, v=', '.join(tried) or '(no candidates)'),
            *self._blame("roles", role, weight),
            hint=M('run `make fonts` to install the free fonts, or drop a licensed font into fonts/ and list it in fonts/fonts.yaml'))

    def fallback_sources(self, role: str) -> list[Source]:
        out = []
        entries = self._entry("fallback", role)
        for i, c in enumerate((self.config.get("fallback") or {}).get(role) or []):
            path, face = (self._path(c["file"]), c.get("face")) if isinstance(c, dict) else (self._path(c), None)
            node = entries.list()[i] if entries is not None else None
            where = (self.config_path, node.line, node.column) if node is not None else (self.config_path, None, None)
            if path.exists():
                out.append(_open_source(path, face, where))
            elif (role, i) not in self._warned:       # a fallback that serves nothing is said, once
                self._warned.add((role, i))
                self.log.warn(M('fallback font for {role} not found: {path}', role=role, path=path), str(where[0]), where[1])
        return out

    # -- preparation --------------------------------------------------------

    def _want(self, chars: frozenset[str]) -> tuple[list[str], str]:
        """The characters a face asked for with `chars` covers, and a short key for them."""
        hit = self._wanted.get(chars)
        if hit is None:
            want = sorted((frozenset(chars) | common_charset()) if chars else base_charset())
            hit = (want, hashlib.sha256("".join(want).encode()).hexdigest()[:16])
            self._wanted[chars] = hit
        return hit

    def face(self, role: str, weight: str, chars: frozenset[str] = frozenset()) -> Face:
        """The prepared face for role+weight covering `chars` plus COMMON_CHARSET (where the font
        has them), or BASE_CHARSET (GB 2312) when no characters are given."""
        wanted, wkey = self._want(chars)
        key = (role, weight, wkey)
        if key not in self._faces:
            src = self.source(role, weight)
            self._faces[key] = self._make_face(f"{role}-{weight}", role, weight, src, wanted)
        return self._faces[key]

    def fallback_faces(self, role: str, weight: str, chars: frozenset[str]) -> list[Face]:
        """Faces of the role's fallback fonts, prepared only for `chars` (the rare ones)."""
        key = (role, weight, "fallback", frozenset(chars))
        if key not in self._faces:
            faces = []
            for i, src in enumerate(self.fallback_sources(role)):
                faces.append(self._make_face(f"{role}-{weight}-fb{i}", role, weight, src,
                                             sorted(chars), background=False))
            self._faces[key] = faces
        return self._faces[key]

    def _make_face(self, id: str, role: str, weight: str, src: Source, wanted: list[str],
                   background: bool = True) -> Face:
        out, mpath = _face_paths(src, wanted, self.cache_dir)
        if out.exists():
            m = _load_pickle(mpath)
            if isinstance(m, dict) and m.get("v") == PREP_VERSION:
                _touch(out)                    # recently used: kept when the cache is pruned
                return Face(id, role, weight, out, src, m, cache_dir=self.cache_dir)
        m = _face_metrics(src, wanted, self.cache_dir)
        store = _glyph_store(src, self.cache_dir)
        todo = sum(1 for g in m["gid"].values() if g not in store)
        jobs = _JOBS if background and todo >= INLINE_GLYPHS and _JOBS.usable() else None
        if jobs is None or not jobs.submit(out, src, wanted, self.cache_dir):
            _build_face(src, wanted, self.cache_dir)
            m = _load_pickle(mpath) or m
            return Face(id, role, weight, out, src, m, cache_dir=self.cache_dir)
        cache_dir = self.cache_dir

        def wait() -> Path:
            try:
                return jobs.result(out)
            except Exception:          # a child that failed or died: do it here
                return _build_face(src, wanted, cache_dir)
        return Face(id, role, weight, out, src, m, pending=wait, cache_dir=self.cache_dir)

    def prepared(self) -> list[Face]:
        """Every face prepared so far (the renderer embeds these); waits for their files."""
        out: dict[str, Face] = {}
        for v in self._faces.values():
            for f in (v if isinstance(v, list) else [v]):
                out.setdefault(f.id, f)
        faces = [out[k] for k in sorted(out)]
        for f in faces:
            f.path
        return faces


def _open_source(path: Path, face: str | None, where: tuple = (None, None, None)) -> Source:
    """The face of `path` that serves a role, remembered by (path, size, mtime, face) in the cache.
    `where` is the fonts.yaml entry (file, line, column) that named it, for messages."""
    from layout.source.files import regular_file
    regular_file(path, "font file", where if where[0] else None)
    try:
        st = path.stat()
    except OSError as e:
        raise BanmianError(M('cannot read font file {path}: {e}', path=path, e=e), *where,
                           hint=M('replace the file or remove it from fonts/fonts.yaml'))
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}|{face}"
    table = _memo("sources.json")
    hit = table.get(key)
    if isinstance(hit, list) and len(hit) == 2:
        return Source(path, int(hit[0]), str(hit[1]))
    src = _read_source(path, face, where)
    table[key] = [src.index, src.name]
    _memo_save("sources.json", table)
    return src


def _read_source(path: Path, face: str | None, where: tuple = (None, None, None)) -> Source:
    from fontTools.ttLib import TTCollection, TTFont
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            coll = TTCollection(str(path), lazy=True)
            for i, f in enumerate(coll.fonts):
                family = f["name"].getDebugName(1) or ""
                if face is None or face in family.split():
                    return Source(path, i, f["name"].getDebugName(6) or family)
            raise BanmianError(M("{name} has no face whose family contains '{face}'", name=path.name, face=face), *where,
                               hint=M('check the face: entry in fonts/fonts.yaml'))
        f = TTFont(str(path), lazy=True)
        family = f["name"].getDebugName(1) or ""
        if face is not None and face not in family.split():   # a face: that names nothing is not ignored
            raise BanmianError(M("{name} has no face whose family contains '{face}' (its family is '{family}')", name=path.name, face=face, family=family), *where,
                               hint=M('check the face: entry in fonts/fonts.yaml, or remove it (one-face file)'))
        return Source(path, 0, f["name"].getDebugName(6) or path.stem)
    except BanmianError:
        raise
    except Exception as e:  # a damaged or unsupported file is the paper's problem to fix, say so
        raise BanmianError(M('cannot read font file {path}: {e}', path=path, e=e), *where,
                           hint=M('replace the file or remove it from fonts/fonts.yaml'))
