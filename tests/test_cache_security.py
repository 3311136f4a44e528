"""The on-disk cache can't run code and takes nothing from another user (issue 13).

The attack replayed: with a shared ``KYODO_CACHE_DIR``, another user pre-creates the
catalog cache folder and puts an entry there for the victim's exact catalog key,
once as a pickle that runs a command when loaded and once as well-formed cache data
with a forged activity. The victim's next ``kyodo match`` must run nothing, show
nothing forged, and answer from the real catalog.
"""

from __future__ import annotations

import marshal
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kyodo_tui.core import cache
from kyodo_tui.core.catalog import (
    CATALOG_CACHE,
    catalog_key,
    catalog_layers,
    catalog_to_plain,
    load_catalog,
)

ROOT = Path(__file__).resolve().parent.parent
OTHER_UID = 65534  # "nobody"


class _RunsCode:
    """Unpickling this runs a shell command (the classic pickle attack)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def _entry(key: str, payload: bytes) -> bytes:
    return b"kyodo-cache-1\n" + key.encode() + b"\n" + payload


def _env(cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYODO_")}
    env.update(KYODO_CACHE_DIR=str(cache_dir), KYODO_CONFIG_DIR=os.environ["KYODO_CONFIG_DIR"],
               PYTHONIOENCODING="utf-8")
    return env


def _plant(folder: Path, key: str, marker: Path) -> None:
    """What the attacker writes: a code-running pickle under every name the victim
    might read, and a forged but well-formed entry under the real key."""
    folder.mkdir(parents=True, exist_ok=True)
    bomb = pickle.dumps(_RunsCode(marker))
    (folder / f"{key}.pickle").write_bytes(bomb)
    (folder / f"{key}.bin.pickle").write_bytes(_entry(key, bomb))
    forged = catalog_to_plain(load_catalog(include_user=False))
    first = next(iter(forged["activities"]))
    act = forged["activities"][first]
    act[2] = ["Text", "清掃FORGED", "FORGED"]  # [class, id, title, ...]
    (folder / f"{key}.bin").write_bytes(_entry(key, marshal.dumps(forged)))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root to create files as another user")
def test_another_users_swapped_cache_runs_nothing_and_is_ignored(tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir(mode=0o700)
    marker = tmp_path / "PWNED"
    key = catalog_key(catalog_layers(include_user=False))
    assert key is not None
    # the victim's own cache root, but the attacker pre-created the entry folder
    folder = shared / CATALOG_CACHE
    _plant(folder, key, marker)
    old = shared / "catalog-v1"  # the pickle layout of before, planted too
    _plant(old, key, marker)
    for path in [folder, *folder.iterdir(), old, *old.iterdir()]:
        os.chown(path, OTHER_UID, OTHER_UID)
    folder.chmod(0o755)
    proc = subprocess.run([sys.executable, "-m", "kyodo_tui", "match", "清掃", "--json"],
                          cwd=tmp_path, env=_env(shared), capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists(), "the cache ran the attacker's command"
    assert "FORGED" not in proc.stdout
    assert "清掃" in proc.stdout
    # nothing of the victim's was written into the foreign folder either
    assert all(p.stat().st_uid == OTHER_UID for p in folder.iterdir())


def test_a_foreign_entry_is_ignored_even_when_well_formed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without root: the same check, with the files 'belonging to someone else'
    because this process pretends to be another user."""
    shared = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(shared))
    real = load_catalog(include_user=False)  # writes our own entry
    key = catalog_key(catalog_layers(include_user=False))
    assert key is not None
    assert cache.read(CATALOG_CACHE, key) is not None
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    assert cache.read(CATALOG_CACHE, key) is None
    assert cache.write("x", key, {"a": 1}) is False
    assert load_catalog(include_user=False) == real


def test_a_folder_others_can_write_is_ignored(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(root))
    assert cache.write("kind", "k1", {"a": [1, 2.5, "x", None, True]})
    assert cache.read("kind", "k1") == {"a": [1, 2.5, "x", None, True]}
    (root / "kind").chmod(0o777)
    assert cache.read("kind", "k1") is None
    (root / "kind").chmod(0o700)
    (root / "kind" / "k1.bin").chmod(0o666)
    assert cache.read("kind", "k1") is None
    (root / "kind" / "k1.bin").chmod(0o600)
    root.chmod(0o757)
    assert cache.read("kind", "k1") is None
    assert cache.write("kind", "k2", 1) is False
    root.chmod(0o700)
    assert cache.read("kind", "k1") == {"a": [1, 2.5, "x", None, True]}


def test_symlinks_are_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(root))
    assert cache.write("real", "k", [1])
    (root / "link").symlink_to(root / "real")
    assert cache.read("link", "k") is None
    (root / "real" / "k2.bin").symlink_to(root / "real" / "k.bin")
    assert cache.read("real", "k2") is None


def test_an_entry_is_tied_to_its_key_and_holds_only_plain_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(root))
    assert cache.write("kind", "aaa", {"v": 1})
    # copied under another key: refused (the file names its own key)
    (root / "kind" / "bbb.bin").write_bytes((root / "kind" / "aaa.bin").read_bytes())
    (root / "kind" / "bbb.bin").chmod(0o600)
    assert cache.read("kind", "bbb") is None
    # a marshalled code object is not plain data: never returned
    code = compile("open('/tmp/x','w')", "<attack>", "exec")
    (root / "kind" / "ccc.bin").write_bytes(_entry("ccc", marshal.dumps({"f": code})))
    assert cache.read("kind", "ccc") is None
    (root / "kind" / "ddd.bin").write_bytes(_entry("ddd", marshal.dumps(code)))
    assert cache.read("kind", "ddd", check=False) is None


def test_cache_hits_do_not_depend_on_the_working_dir_and_nothing_is_evicted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    root = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(root))
    base = tmp_path / "builtin"
    shutil.copytree(ROOT / "catalog", base)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    here = load_catalog(include_user=False, builtin=base)
    monkeypatch.chdir(tmp_path / "elsewhere")
    there = load_catalog(include_user=False, builtin=base)
    entries = list((root / CATALOG_CACHE).glob("*.bin"))
    assert len(entries) == 1  # the second load was a hit from another folder
    a = next(iter(here.activities.values()))
    b = there.activities[a.id]
    # where-paths are still shown relative to the working dir of each run
    assert a.where is not None and b.where is not None
    assert a.where.path.startswith("builtin/")
    assert b.where.path.startswith("../builtin/") or Path(b.where.path).is_absolute()
    # a second catalog state adds an entry and keeps the first
    other = tmp_path / "layer"
    other.mkdir()
    load_catalog([other], include_user=False, builtin=base)
    assert len(list((root / CATALOG_CACHE).glob("*.bin"))) == 2


def test_a_blob_is_checked_as_an_entry_is(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The matcher's rows are raw bytes read a slice at a time: the same owner, mode,
    symlink and key checks as an entry, and no read outside them."""
    root = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(root))
    assert cache.write_blob("kind", "k1", b"0123456789")
    blob = cache.open_blob("kind", "k1")
    assert blob is not None and blob.size == 10
    assert blob.read(2, 3) == b"234"
    with pytest.raises(ValueError):
        blob.read(8, 5)
    blob.close()
    # copied under another key: refused
    (root / "kind" / "k2.blob").write_bytes((root / "kind" / "k1.blob").read_bytes())
    (root / "kind" / "k2.blob").chmod(0o600)
    assert cache.open_blob("kind", "k2") is None
    (root / "kind" / "k1.blob").chmod(0o666)
    assert cache.open_blob("kind", "k1") is None
    (root / "kind" / "k1.blob").chmod(0o600)
    (root / "kind" / "k3.blob").symlink_to(root / "kind" / "k1.blob")
    assert cache.open_blob("kind", "k3") is None
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    assert cache.open_blob("kind", "k1") is None


def test_the_stat_memo_never_hides_a_changed_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """catalog_key remembers a layer's content digest by its files' stat; a file
    rewritten with the same size and mtime still changes the key (its change time
    and, within two seconds, its content are read)."""
    import shutil

    root = tmp_path / "cache"
    monkeypatch.setenv("KYODO_CACHE_DIR", str(root))
    base = tmp_path / "builtin"
    shutil.copytree(ROOT / "catalog", base)
    old = base / "actors.toml"
    st = old.stat()
    past = st.st_mtime_ns - 10_000_000_000
    for p in base.rglob("*.toml"):
        os.utime(p, ns=(past, past))
    layers = catalog_layers(include_user=False, builtin=base)
    first = catalog_key(layers)
    assert first is not None and catalog_key(layers) == first  # the memo's answer
    data = old.read_bytes()
    changed = data.replace(b"a", b"b", 1)
    assert changed != data and len(changed) == len(data)
    old.write_bytes(changed)
    os.utime(old, ns=(past, past))  # same size, same mtime: only ctime and content differ
    second = catalog_key(layers)
    assert second is not None and second != first
    old.write_bytes(data)
    os.utime(old, ns=(past, past))
    assert catalog_key(layers) == first


def test_the_wheels_parsed_catalog_is_plain_data_for_those_exact_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hatch_build.py ships each built-in file's parse named by the digest of its
    bytes; the loader takes only plain data, only under that name."""
    from kyodo_tui.core import catalog

    monkeypatch.setattr(catalog, "_SHIPPED_PARSED", tmp_path)
    data = (ROOT / "catalog" / "actors.toml").read_bytes()
    key = cache.digest(data)
    assert catalog._shipped_parse(key) is None  # nothing shipped: parse
    import tomllib

    tables = tomllib.loads(data.decode("utf-8"))
    (tmp_path / f"{key}.bin").write_bytes(marshal.dumps(tables))
    assert catalog._shipped_parse(key) == tables
    code = compile("open('/tmp/x','w')", "<attack>", "exec")
    (tmp_path / f"{key}.bin").write_bytes(marshal.dumps({"actor": [{"f": code}]}))
    assert catalog._shipped_parse(key) is None
    (tmp_path / f"{key}.bin").write_bytes(b"\x00garbage")
    assert catalog._shipped_parse(key) is None
