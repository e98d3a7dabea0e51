"""The same folder graded on the process pool, on a 2-worker dask LocalCluster and as 2 merged
shards gives the same gradebook, byte for byte. Real papermill, real kernels, real workers; every
cluster, worker and kernel is stopped when the run ends."""

from __future__ import annotations

import json

import pytest

from nbkit.cli import main
from nbkit.grade.batch import grade_submissions
from nbkit.grade.merge import in_shard, merge_shards, parse_shard
from nbkit.grade.runner import Task

EXPECTED_FILES = ("gradebook.csv", "followup.csv")


def _same_outputs(a, b) -> None:
    for name in EXPECTED_FILES:
        assert (a / name).read_text(encoding="utf-8") == (b / name).read_text(encoding="utf-8"), (
            name
        )
    notebooks = sorted(p.name for p in (a / "feedback").glob("*.ipynb"))
    assert notebooks and notebooks == sorted(p.name for p in (b / "feedback").glob("*.ipynb"))
    pages = sorted(p.name for p in (a / "feedback").glob("*.feedback.json"))
    assert pages == sorted(p.name for p in (b / "feedback").glob("*.feedback.json"))


@pytest.mark.unit
def test_every_student_falls_in_exactly_one_shard():
    ids = [f"s{n:03d}" for n in range(11)]
    tasks = [Task(s, f"{s}.ipynb", {}) for s in ids]
    shares = [in_shard(tasks, ids, f"{k}/3") for k in (1, 2, 3)]
    assert sorted(t.student_id for share in shares for t in share) == ids
    assert [len(s) for s in shares] == [4, 4, 3]
    assert in_shard(tasks, ids, None) == tasks
    assert parse_shard(" 2 / 4 ") == (2, 4)


@pytest.mark.unit
@pytest.mark.parametrize("bad", ["0/2", "3/2", "1", "a/b", "1/0", ""])
def test_a_bad_shard_is_a_usage_error(bad, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["grade", "somewhere", "--out", "elsewhere", "--shard", bad])
    assert stop.value.code == 2
    assert "--shard must be K/N" in capsys.readouterr().err


@pytest.mark.unit
def test_merge_refuses_an_incomplete_or_mixed_set_of_shards(tmp_path, capsys):
    def shard(name: str, k: int, n: int, key: str = "K") -> str:
        folder = tmp_path / name
        (folder / "feedback").mkdir(parents=True)
        (folder / "shard.json").write_text(json.dumps({"shard": [k, n], "key": key, "run": {}}))
        (folder / ".nbkit-grade-state.json").write_text(json.dumps({"key": key, "files": {}}))
        return str(folder)

    one, three = shard("a", 1, 3), shard("c", 3, 3)
    assert main(["grade", "merge", one, three, "--out", str(tmp_path / "m")]) == 1
    assert "missing [2]" in capsys.readouterr().err
    other = shard("b", 2, 3, key="changed rubric")
    assert main(["grade", "merge", one, other, three, "--out", str(tmp_path / "m")]) == 1
    assert "different runs" in capsys.readouterr().err
    (tmp_path / "b" / ".nbkit-grade-state.json").unlink()
    fresh = shard("b2", 2, 3)
    (tmp_path / "b2" / ".nbkit-grade-state.json").unlink()
    assert main(["grade", "merge", one, fresh, three, "--out", str(tmp_path / "m")]) == 1
    assert "no readable grading state" in capsys.readouterr().err
    assert main(["grade", "merge", str(tmp_path), "--out", str(tmp_path / "m")]) == 1
    assert "not the output of `nbkit grade --shard`" in capsys.readouterr().err


@pytest.mark.unit
def test_a_scheduler_that_is_not_an_address_is_refused_before_work(tmp_path):
    from nbkit.errors import NbkitError
    from nbkit.grade.distributed import connect

    with pytest.raises(NbkitError, match="tcp://host:8786"):
        connect("my-laptop", 1)


@pytest.mark.grade
@pytest.mark.slow
def test_pool_localcluster_and_merged_shards_write_identical_gradebooks(graded, cohort, tmp_path):
    _summary, pool_out, _before = graded
    roster = cohort.root / "roster.csv"
    common = dict(config_path=cohort.config_path, roster_path=roster, progress=False, jobs=2)

    cluster_out = tmp_path / "cluster"
    on_cluster = grade_submissions(cohort.submissions, cluster_out, scheduler="local", **common)
    assert on_cluster.failed == [] and on_cluster.ran == on_cluster.graded
    _same_outputs(pool_out, cluster_out)

    shard_dirs = [tmp_path / f"shard{k}" for k in (1, 2)]
    ran = [
        grade_submissions(cohort.submissions, d, shard=f"{k}/2", **(common | {"jobs": 1})).ran
        for k, d in zip((1, 2), shard_dirs, strict=True)
    ]
    assert sum(ran) == on_cluster.graded and all(ran)
    assert not (shard_dirs[0] / "gradebook.csv").exists()  # the merge writes it, once
    merged_out = tmp_path / "merged"
    run = merge_shards(shard_dirs, merged_out)
    merged = grade_submissions(out_dir=merged_out, progress=False, **run)
    assert merged.ran == 0 and merged.reused == merged.graded  # every notebook from the shards
    _same_outputs(pool_out, merged_out)
