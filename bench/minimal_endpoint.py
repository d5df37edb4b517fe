"""The baseline for bench/page.py: the least a FastAPI endpoint can do with the same database,
one row read by primary key and answered as JSON.

    NISHAN_BENCH_DATABASE_URL=postgresql://... uvicorn --app-dir bench minimal_endpoint:app

A sync endpoint on the threadpool and a psycopg pool as large as the one Nishan's views use
(two connections, up to ten), so that the two sides differ in what they do, not how they wait.
"""

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

pool = ConnectionPool(
    os.environ["NISHAN_BENCH_DATABASE_URL"],
    min_size=2,
    max_size=10,
    kwargs={"row_factory": dict_row},
    open=False,
)


@asynccontextmanager
async def lifespan(_: FastAPI):
    pool.open(wait=True)
    yield
    pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/lots/{lot_id}")
def lot(lot_id: str) -> dict:
    with pool.connection() as connection:
        row = connection.execute(
            "SELECT * FROM lot_compliance WHERE lot_id = %s", (lot_id,)
        ).fetchone()
    if row is None:
        raise HTTPException(404)
    return row


# bench/worklist.py's baseline: an inspector's upcoming visits, the bare indexed query.
WORKLIST = (
    "SELECT inspection_id, factory_id, factory_name, inspector_id, planned_on, state, province, "
    "district FROM visits WHERE inspector_id = %s AND state IN ('scheduled', 'started') "
    "AND planned_on >= %s ORDER BY planned_on, inspection_id LIMIT %s"
)


@app.get("/worklist/{inspector_id}")
def worklist(inspector_id: str, since: str, limit: int = 50) -> dict:
    with pool.connection() as connection:
        rows = connection.execute(WORKLIST, (inspector_id, since, limit)).fetchall()
    return {"visits": rows}
