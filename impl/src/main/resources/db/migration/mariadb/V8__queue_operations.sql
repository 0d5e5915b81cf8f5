-- MsgStore schema 8: an operator acts on the queue (hold, release, per-lane depth).
--
-- held: 0 free to claim, 1 held on its own, 2 held with its whole mailbox. A held message is never
-- claimed: the claim index leads with held, so the claim reads the unheld rows in rank order and
-- never walks past held ones, however many there are. held_by names who held it.
-- mailbox.held_by: the mailbox is held; a message submitted while it is set is queued held (2).
-- lane: the priority lane at submit (+1 urgent, 0 normal, -1 non-urgent) for per-lane depth;
-- messages queued before this migration get the lane their claim rank shows.

ALTER TABLE outgoing_queue ADD COLUMN held SMALLINT DEFAULT 0 NOT NULL;
ALTER TABLE outgoing_queue ADD COLUMN held_by VARCHAR(200);
ALTER TABLE outgoing_queue ADD COLUMN lane SMALLINT DEFAULT 0 NOT NULL;
UPDATE outgoing_queue
   SET lane = CASE
                WHEN claim_rank_us < client_submit_us THEN 1
                WHEN claim_rank_us > client_submit_us THEN -1
                ELSE 0
              END;
DROP INDEX outgoing_queue_rank_ix ON outgoing_queue;
CREATE INDEX outgoing_queue_claim_ix ON outgoing_queue (held, claim_rank_us, submit_seq);
ALTER TABLE mailbox ADD COLUMN held_by VARCHAR(200);
