-- MsgStore schema 4 (PostgreSQL version of h2/V4, identical in meaning): one row per spooler node
-- name, for the incarnation that holds the name.
--
-- A node's leases are named after the node (outgoing_queue.lock_owner). When a node starts, this row
-- tells whether the name's previous incarnation is dead (its heartbeat_us stopped, or 0 after an
-- orderly stop): then its leases are released at once instead of lapsing after spoolerLeaseMs. A
-- heartbeat that goes on from another incarnation is a second live server with the same name: the
-- new one refuses to run its spooler. host is for the operator's message only.

CREATE TABLE spooler_node (
  node_name     VARCHAR(200) NOT NULL,
  incarnation   VARCHAR(64) NOT NULL,
  host          VARCHAR(255),
  started_us    BIGINT NOT NULL,
  heartbeat_us  BIGINT NOT NULL,
  CONSTRAINT spooler_node_pk PRIMARY KEY (node_name)
);
