"""What compare and portfolio keep for the next run over the same files (sib_case.cache):
taken again only where nothing it rests on has changed, and never a different answer."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sib_case import cache
from sib_case.cli import app
from sib_case.compare import compare_cases
from sib_case.portfolio import load_deals

ROOT = Path(__file__).parent.parent
DANISH = sorted((ROOT / "cases").glob("dk-*.yaml"))
DANISH = [p for p in DANISH if ".results." not in p.name]


def _kept() -> int:
    with sqlite3.connect(cache.folder() / "results.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM results").fetchone()[0])


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files here are written a moment before they are read: kept all the same (but
    see test_a_file_changed_just_before_or_during_the_run_is_not_kept)."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)


@pytest.fixture
def cases(tmp_path: Path) -> list[Path]:
    copies = []
    for path in DANISH:
        shutil.copy(path, tmp_path / path.name)
        copies.append(tmp_path / path.name)
    return copies


def test_a_second_run_gives_what_the_first_did_from_the_cache(
    cases: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compare_cases(cases)
    deals, _ = load_deals(cases)
    assert _kept() == 2 * len(cases)  # a row and a deal a file
    import sib_case.loader

    def never(path: Path) -> None:
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(sib_case.loader, "load_case", never)
    again = compare_cases(cases)
    assert [r.metrics for r in again] == [r.metrics for r in first]
    assert [r.info for r in again] == [r.info for r in first]
    deals_again, _ = load_deals(cases)
    for a, b in zip(deals, deals_again, strict=True):
        assert (a.file, a.name, a.committed) == (b.file, b.name, b.committed)
        assert (a.drawn == b.drawn).all()
        assert (a.municipal_net == b.municipal_net).all()


def test_a_changed_file_is_worked_out_again(cases: list[Path]) -> None:
    before = compare_cases(cases)
    changed = [p.name for p in cases].index("dk-employment.yaml")
    text = cases[changed].read_text()
    cases[changed].write_text(text.replace("participants: 60", "participants: 61", 1))
    after = compare_cases(cases)
    for i, (a, b) in enumerate(zip(after, before, strict=True)):
        assert (a.metrics == b.metrics) == (i != changed)  # the changed file worked out again
    assert _kept() == len(cases) + 1  # the old row is kept too, until it is let go


def test_changed_code_a_language_or_a_name_of_the_file_is_another_key(
    cases: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sib_case.compare import evaluate_file

    def key(function: object, path: Path, lang: str) -> str | None:
        made = cache.entry(function, path, lang)  # type: ignore[arg-type]
        return None if made is None else made.key

    one = key(evaluate_file, cases[0], "en")
    assert one == key(evaluate_file, cases[0], "en")
    assert one != key(evaluate_file, cases[0], "da")
    assert one != key(evaluate_file, Path(str(cases[0]).replace(".yaml", ".YAML")), "en")
    assert one != key(load_deals, cases[0], "en")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"other code")
    assert one != key(evaluate_file, cases[0], "en")
    assert key(evaluate_file, cases[0].with_name("missing.yaml"), "en") is None


def test_a_file_changed_just_before_or_during_the_run_is_not_kept(
    cases: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key is read before the work: a file saved in between (an editor, say) must not
    leave the new text's result under the old text's key. Nor is a file kept that changed
    in the two seconds before it was read, which a coarse file clock could not tell apart."""
    employment = next(p for p in cases if p.name == "dk-employment.yaml")
    old = employment.read_text()
    new = old.replace("participants: 60", "participants: 90", 1)
    read = cache.entry

    def read_then_saved(function: object, path: Path, lang: str) -> cache.Entry | None:
        made = read(function, path, lang)  # type: ignore[arg-type]
        if path == employment:
            path.write_text(new)
        return made

    monkeypatch.setattr(cache, "entry", read_then_saved)
    compare_cases([employment])  # works out the new text, under the old text's key
    monkeypatch.setattr(cache, "entry", read)
    assert _kept() == 0
    employment.write_text(old)
    assert compare_cases([employment])[0].metrics == compare_cases([employment], cache=False)[0].metrics
    monkeypatch.setattr(cache, "SETTLED_NS", 2_000_000_000)
    employment.write_text(new)
    compare_cases([employment])
    assert _kept() == 1  # the old text's, from just before: the new one changed a moment ago


def test_a_broken_file_is_never_kept(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("case: {name: x}\n")
    rows = compare_cases([broken])
    assert rows[0].error
    _, errors = load_deals([broken])
    assert errors
    assert _kept() == 0


def test_no_cache_keeps_nothing_and_a_cache_that_cannot_be_opened_is_done_without(
    cases: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(app, ["compare", *map(str, cases), "-f", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (cache.folder() / "results.sqlite3").exists()
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv("SIB_CASE_CACHE_DIR", str(blocked))
    again = CliRunner().invoke(app, ["compare", *map(str, cases), "-f", "json"])
    assert again.exit_code == 0, again.output
    assert again.stdout == result.stdout
    monkeypatch.delenv("SIB_CASE_CACHE_DIR")  # and no home folder at all (docker run -u 12345)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    homeless = CliRunner().invoke(app, ["portfolio", *map(str, cases), "-f", "json"])
    assert homeless.exit_code == 0, homeless.output


def test_the_cache_is_the_users_alone_and_reads_back_results_only(cases: list[Path]) -> None:
    """Only sib-case's result types and numpy's arrays come back from the cache: an entry
    that would run code, or is of another type, is worked out again."""
    import os
    import pickle
    import stat

    first = compare_cases(cases)
    where = cache.folder()
    assert stat.S_IMODE(os.stat(where).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(where / "results.sqlite3").st_mode) == 0o600
    ran = where / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return os.system, (f"touch '{ran}'",)

    with sqlite3.connect(where / "results.sqlite3") as db:
        keys = [k for (k,) in db.execute("SELECT key FROM results")]
        db.execute("UPDATE results SET value = ? WHERE key = ?", (pickle.dumps(Payload()), keys[0]))
        db.execute("UPDATE results SET value = ? WHERE key = ?", (pickle.dumps(7), keys[1]))
    again = compare_cases(cases)
    assert not ran.exists()
    assert [r.metrics for r in again] == [r.metrics for r in first]


def test_a_damaged_cache_is_begun_again(cases: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    first = CliRunner().invoke(app, ["portfolio", *map(str, cases), "-f", "json"])
    (cache.folder() / "results.sqlite3").write_bytes(b"not a database" * 100)
    again = CliRunner().invoke(app, ["portfolio", *map(str, cases), "-f", "json"])
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout
    assert _kept() == len(cases)  # a new cache in its place
    with sqlite3.connect(cache.folder() / "results.sqlite3") as db:  # damaged entries
        db.execute("UPDATE results SET value = ?", (b"not a pickle",))
    third = CliRunner().invoke(app, ["portfolio", *map(str, cases), "-f", "json"])
    assert third.stdout == first.stdout
    damaged = sqlite3.DatabaseError("database disk image is malformed")  # past its first page
    damaged.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    store = cache.Cache.opened()
    assert store is not None

    class Broken:
        def execute(self, *args: object) -> None:
            raise damaged

        def close(self) -> None:
            pass

    store._db = Broken()  # type: ignore[assignment]
    assert store.get(["a key"]) == {}
    store.close()
    assert _kept() == 0  # begun again, for the next run


def test_a_cache_that_may_be_read_but_not_written_still_counts(
    cases: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    compare_cases(cases)
    import sib_case.loader

    def never(path: Path) -> None:
        raise AssertionError(f"{path} read again")

    def read_only(self: cache.Cache, keys: list[str]) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(cache.Cache, "_mark_used", read_only)
    monkeypatch.setattr(sib_case.loader, "load_case", never)
    assert all(r.metrics is not None for r in compare_cases(cases))


def test_old_results_are_let_go(cases: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    compare_cases(cases)
    with sqlite3.connect(cache.folder() / "results.sqlite3") as db:
        db.execute("UPDATE results SET used = used - ?", ((cache.KEEP_DAYS + 1) * 86_400,))
    monkeypatch.setattr(cache, "KEEP_MOST", 1)
    load_deals(cases[:2])  # keeps its two, lets the old rows go, then the least recently used
    assert _kept() == 1
