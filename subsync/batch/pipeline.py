"""The one conversion pipeline that ``convert``, ``fetch --to`` and the Python API run:
plan -> convert -> write -> manifest -> lint -> report."""

from __future__ import annotations

import threading
import time
from collections.abc import Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from subsync.batch.convert import Request, fingerprint
from subsync.batch.files import write_outputs
from subsync.batch.inputs import STDIN_ARG, Found, Input
from subsync.batch.ledger import Ledger
from subsync.batch.lint_step import lint_counts, lint_output, lint_saved
from subsync.batch.listener import InputResult, Listener, OutputResult
from subsync.batch.manifest import Manifest
from subsync.batch.orphans import Made, settle
from subsync.batch.plan import Job, Outcome, Rendered, plan, stamp_of
from subsync.batch.pool import outcomes
from subsync.batch.reading import DEFAULT_MAX_INPUT
from subsync.batch.spill import Scratch, ScratchError, Table
from subsync.batch.tally import Tally, only_one
from subsync.batch.warnings import WarningTally
from subsync.errors import SubsyncError, internal
from subsync.frozen import NamedTuple

if TYPE_CHECKING:
    from subsync.lint import Linter

__all__ = ["InputResult", "Listener", "OutputResult", "Pipeline", "Target"]

# A save of the manifest waits at least this many times as long as the last one took: at
# most about a twentieth of the run goes to saving, however large the manifest grows.
_SAVE_SHARE = 20


class Target(NamedTuple):
    """Where a run's outputs go and how: ``folder`` None is standard output; ``verify``
    (``--check``) renders every output in memory and compares it with the file there
    instead of writing it (the manifest is not trusted); ``force`` ignores the manifest;
    ``prune`` removes the orphaned outputs the manifest records."""

    folder: Path | None
    verify: bool = False
    force: bool = False
    prune: bool = False


class Pipeline:
    """One run over many inputs into one target. ``run`` takes inputs (more than once, as
    ``fetch`` saves them); ``finish`` saves the manifest and returns the report.

    ``keep_results`` keeps each input's result (``results``, the Python API's), and
    ``keep_warnings`` each warning (the report's ``warnings``); without them a run keeps
    counts only, and what it must know of every input and output (the manifest's entries,
    the ledger, the inputs seen) is in tables of ``scratch``, which move to a temporary
    file once large: its memory does not grow with the number of inputs."""

    def __init__(
        self,
        request: Request,
        target: Target,
        listener: Listener,
        *,
        linter: Linter | None = None,
        version: str,
        cancel: threading.Event | None = None,
        save_every: float = 1.0,
        max_input_size: int = DEFAULT_MAX_INPUT,
        keep_results: bool = True,
        keep_warnings: bool = True,
    ) -> None:
        self.request = request
        self.target = target
        self.listener = listener
        self.linter = linter
        self.version = version
        self.cancel = cancel or threading.Event()
        self.save_every = save_every
        self.max_input_size = max_input_size
        self.options = fingerprint(request)
        self.scratch = Scratch()
        self.ledger = Ledger(self.scratch)
        self.tally = Tally()
        self.warnings = WarningTally(keep_items=keep_warnings)
        self.made = Made(self.ledger.written, self.scratch)
        self.keep_results = keep_results
        self.results: list[InputResult] = []
        #: Inputs handled so far (their results are kept only with ``keep_results``).
        self.done = 0
        self.total = 0
        self.started = time.monotonic()
        self._started_at = time.time()
        self._swept = Table(self.scratch)  # folders cleared of stale temporary files
        self._saved = float("-inf")
        self._save_seconds = 0.0  # how long the last save of the manifest took
        self.manifest: Manifest | None = None
        if target.folder is not None:
            self.manifest, problem = Manifest.load(target.folder, self.scratch)
            if problem:
                listener.run_warning(problem)

    @property
    def cancelled(self) -> bool:
        """Whether the run was told to stop (inputs not started then were left alone)."""
        return self.cancel.is_set()

    def manifest_outputs(self) -> Container[str]:
        """The outputs the manifest knows, as absolute paths, which folder inputs pass over."""
        return self.manifest.recorded() if self.manifest else ()

    def plan(self, items: Found | Sequence[Input | SubsyncError]) -> Iterator[Job | Outcome]:
        """A job or an outcome for each input (the inputs' files are never overwritten)."""
        self.total += len(items)
        self.ledger.protect(item.path for item in items if isinstance(item, Input))
        # --check renders every input: a manifest is a file anyone can edit, not a proof.
        manifest = None if self.target.force or self.target.verify else self.manifest
        verify_in = str(self.target.folder) if self.target.verify else None
        limit = self.max_input_size
        return plan(items, self.request, manifest, self.options, self.version, verify_in, limit)

    def plan_bytes(self, name: str, data: bytes) -> Iterator[Job]:
        """The job for an input held in memory (a fetched body sent to standard output)."""
        self.total += 1
        yield Job(Input(name), self.request, data)

    def run(self, plans: Iterable[Job | Outcome], jobs: int, cluster: str | None = None) -> None:
        """Convert and handle every planned input, ``jobs`` processes at a time (or on the
        Dask cluster at ``cluster``), until done or cancelled."""
        if cluster is None:  # a local run: nothing of the cluster's is loaded
            for outcome in outcomes(plans, jobs, self.cancel):
                self.handle(outcome)
            return
        from subsync.batch.cluster import ClusterError, outcomes_on

        try:
            for outcome in outcomes_on(plans, cluster, self.version, self.cancel, jobs=jobs):
                self.handle(outcome)
        except ClusterError as error:  # no cluster: the inputs not done are not started
            self.listener.failure(error)
            self.tally.failures.append(
                {"input": None, "message": error.message, "error": str(error)}
            )

    def handle(self, outcome: Outcome) -> InputResult:
        """Tell an outcome's warnings, then write (or compare) its outputs, record them in the
        manifest and lint them."""
        for notice in outcome.notices:
            self.warnings.add(outcome.name, notice)
            self.listener.warning(outcome.name, notice)
        try:
            if outcome.error is not None:
                raise outcome.error
            written = self._deliver(outcome)
            self._made(outcome)
            failed = next((o.error for o in written if o.error is not None), None)
            result = InputResult(
                outcome.name, "failed" if failed else outcome.status, written, outcome.notices
            )
            if failed is not None:
                self._failed(outcome, failed, report=False)
            else:
                self._record(outcome)
        except Exception as exc:  # a bug met with one input must never stop the others
            if isinstance(exc, (OSError, ScratchError)):
                # Files' errors are SubsyncErrors already: this is the listener's standard
                # output, closed or full, or the run's scratch tables, which end the run.
                raise
            error = exc if isinstance(exc, SubsyncError) else internal(exc, outcome.name)
            self._failed(outcome, error, report=True)
            result = InputResult(outcome.name, "failed", (), outcome.notices, error)
        self.tally.counts[result.status] += 1
        self.done += 1
        if self.keep_results:
            self.results.append(result)
        self.listener.progressed(dict(self.tally.counts))
        return result

    def _deliver(self, outcome: Outcome) -> tuple[OutputResult, ...]:
        folder = self.target.folder
        if folder is None:
            only_one(len(outcome.outputs), outcome.name)
            self.listener.printed(outcome.outputs[0].data)
            self._lint(outcome.outputs[0].data, outcome.outputs[0].key)
            return (OutputResult(outcome.outputs[0].key, "printed"),)
        keys = [rendered.key for rendered in outcome.outputs]
        paths = self.ledger.refuse(folder, keys, outcome.name)
        self.tally.outputs += len(paths)
        # Written at once, their fsyncs overlapping (see write_atomic_many).
        writing = not self.target.verify and outcome.status == "converted"
        new = [(p, r.data) for p, r in zip(paths, outcome.outputs, strict=True) if not r.error]
        errors = write_outputs(new if writing else [], self._swept, self._started_at)
        failed = dict(zip([p for p, _ in new if writing], errors, strict=True))
        results: list[OutputResult] = []
        try:
            for path, rendered in zip(paths, outcome.outputs, strict=True):
                results.append(self._land(outcome, path, rendered, failed.get(path)))
        finally:  # those landed (all but after a bug) are this input's now
            self.ledger.add(keys[: len(results)], outcome.name)
        for path, result, rendered in zip(paths, results, outcome.outputs, strict=True):
            on_disk = result.status in ("kept", "current") or (
                result.status == "outdated" and not rendered.missing
            )
            if result.status == "written" or on_disk:
                self._lint_saved(path, rendered.data, skipped=on_disk)
        return tuple(results)

    def _made(self, outcome: Outcome) -> None:
        """Note the outputs the input makes now: the others recorded for it are orphans."""
        if self.manifest is None:
            return
        if outcome.input.path == STDIN_ARG:
            self.made.unrecorded.update(r.key for r in outcome.outputs)
        else:
            input_key = self.manifest.input_key(outcome.input.path)
            self.made.add_input(input_key, outcome.input.folder)

    def _land(
        self, outcome: Outcome, path: Path, rendered: Rendered, failed: SubsyncError | None
    ) -> OutputResult:
        if rendered.error is not None:
            # This format cannot hold the input; its other outputs are still made.
            self.listener.failure(rendered.error)
            return OutputResult(str(path), "failed", rendered.error)
        if self.target.verify:
            if rendered.current:
                self.tally.current += 1
                return OutputResult(str(path), "current")
            self.tally.outdated.append(str(path))
            self.listener.outdated(path, "missing" if rendered.missing else "changed")
            return OutputResult(str(path), "outdated")
        if outcome.status != "converted":
            return OutputResult(str(path), "kept")
        if failed is not None:
            # One output that cannot be written leaves the input's others in place.
            self.listener.failure(failed.located(outcome.name))
            return OutputResult(str(path), "failed", failed)
        self.tally.written += 1
        return OutputResult(str(path), "written")

    def _record(self, outcome: Outcome) -> None:
        """Put the input's outputs in the manifest, and save it every ``save_every``
        seconds, so that a run stopped midway keeps what it made; less often once a save
        takes long (a manifest of many outputs), so that saving stays a small share of the
        run, not a share that grows with the number of outputs."""
        if self.manifest is None or self.target.verify or outcome.input.path == STDIN_ARG:
            return
        stamp = stamp_of(self.manifest, outcome.input, self.options, self.version)
        keys = [(r.key, r.sha256) for r in outcome.outputs]
        self.manifest.record(stamp, outcome.input.folder, outcome.input_sha256, keys)
        if time.monotonic() - self._saved >= max(self.save_every, _SAVE_SHARE * self._save_seconds):
            self._save_manifest()

    def _failed(self, outcome: Outcome, error: SubsyncError, *, report: bool) -> None:
        if report:
            self.listener.failure(error)
        self.tally.failures.append(
            {
                "input": outcome.name,
                "where": error.where,
                "message": error.message,
                "error": str(error),
            }
        )
        if self.manifest is not None and outcome.input.path != STDIN_ARG:
            self.manifest.forget(self.manifest.input_key(outcome.input.path), outcome.input.folder)

    def _lint_saved(self, path: Path, data: bytes, *, skipped: bool) -> None:
        if self.linter is not None:
            lint_saved(self.linter, self.listener, path, data if not skipped else None)

    def _lint(self, data: bytes, name: str) -> None:
        if self.linter is not None:
            lint_output(self.linter, self.listener, data, name)

    def _save_manifest(self) -> None:
        if self.manifest is None or not self.manifest.changed or self.target.verify:
            return
        started = time.monotonic()
        try:
            self.manifest.save()
        except SubsyncError as error:
            self.listener.failure(error)
        self.manifest.changed = False
        self._saved = time.monotonic()
        self._save_seconds = self._saved - started

    def finish(self) -> dict[str, object]:
        """Find the orphans (and prune them), save the manifest; the run's report (as
        ``--report`` writes it)."""
        if self.manifest is not None and not self.cancelled:
            self._orphans(self.manifest)
        self._save_manifest()
        return self.report()

    def _orphans(self, manifest: Manifest) -> None:
        verify, prune_them = self.target.verify, self.target.prune and not self.target.verify
        self.tally.orphaned, self.tally.pruned = settle(
            manifest,
            self.made,
            prune_them=prune_them,
            tell=self.listener.outdated if verify or prune_them else None,
            warn=self.listener.run_warning,
        )

    def report(self) -> dict[str, object]:
        """The summary as JSON."""
        folder = self.target.folder
        return {
            "subsync": self.version,
            "mode": "check" if self.target.verify else "convert",
            "output_dir": str(folder) if folder is not None else "-",
            "inputs": self.total,
            **self.tally.counts,
            "outputs": self.tally.outputs,
            "written": self.tally.written,
            "current": self.tally.current,
            "failures": self.tally.failures,
            "outdated": self.tally.outdated,
            "orphaned": self.tally.orphaned,
            "pruned": self.tally.pruned,
            "warning_counts": self.warnings.by_kind(),
            "warnings": self.warnings.items,
            "lint": lint_counts(self.linter),
            "seconds": round(time.monotonic() - self.started, 3),
        }
