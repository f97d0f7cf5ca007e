"""The one service layer: the CLI, the HTTP API and the dashboard all call these.

Functions take a `Store` (and plain arguments), return plain data, and raise only
`marsad.errors`. No printing, no HTTP types, no SQL here. One module per subject
(articles, entities, stories, newsroom tools); every name is reachable as `service.X`.
"""

from __future__ import annotations

# Users' corrections to entities live in their own module (curate.py); these are the
# names the CLI, the API and the dashboard call.
from marsad.curate import (  # noqa: E402, F401 - curate calls service.entities
    block_name,
    merge_entities,
    overrides,
    remove_override,
    rename_entity,
    split_entity,
)
from marsad.service.articles import (  # noqa: F401
    _PERIOD_CHARS,
    EXPORT_FILTERS,
    _expand_query,
    article,
    demo_corpus_path,
    demo_targets,
    export,
    export_records,
    failure_page,
    failures,
    ingest,
    latest_articles,
    list_articles,
    run_page,
    runs,
    search,
    stats,
    volume,
)
from marsad.service.common import (  # noqa: F401
    MAX_PAGE,
    Page,
)
from marsad.service.entities import (  # noqa: F401
    CONTEXT_CHARS,
    ENTITY_DAILY_MAX_DAYS,
    ENTITY_SORTS,
    ENTITY_TYPES,
    MAX_ROW_ID,
    _in_context,
    _uncertain,
    annotate,
    entities,
    entity,
    find_entities,
)
from marsad.service.listings import (  # noqa: F401
    LISTINGS,
    export_listing,
    iter_listing,
    write_listing_parquet,
)
from marsad.service.listings import check as check_listing  # noqa: F401
from marsad.service.listings import validate as validate_listing  # noqa: F401
from marsad.service.newsroom import (  # noqa: F401
    attention,
    name_outlet,
    outlet_names,
    outlets,
    watch_add,
    watch_alerts,
    watch_feed,
    watch_list,
    watch_remove,
    watch_run,
)
from marsad.service.stories import (  # noqa: F401
    GRAPH_FORMATS,
    SUMMARY_ARTICLES,
    UNCERTAIN_MEMBER,
    UNCERTAIN_SPEAKER,
    _quote,
    graph,
    graph_dict,
    quotes,
    rising,
    stories,
    story,
    timeline,
)
