"""The one writer of an ingest: every step that reads or writes the corpus.

Workers (any runner: the local pool, Ray) run the per-document stages and never see a
store; the `Writer` (run.py) admits inputs, decides duplicates (duplicates.py), stores
articles, links entities (linking.py, steered by the users' overrides.py), assigns
stories (stories.py) and counts template lines and leads (templates.py), one batch per
transaction.
"""

from marsad.writer.run import Writer, WriterState, write_annotations

__all__ = ["Writer", "WriterState", "write_annotations"]
