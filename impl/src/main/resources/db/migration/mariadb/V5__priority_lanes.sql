-- MsgStore schema 5: priority lanes. The spooler claims due messages in claim_rank_us order, then
-- submit_seq: the client submit time moved ahead for urgent messages and back for non-urgent ones
-- by the priorityHeadStartMs setting in force at submit (ClaimRank). Equal priority keeps submit
-- order (R34); the outgoing-queue table itself stays in submit order (R19).
-- A rank is fixed at submit, so the claim reads one index in order and its cost stays flat as the
-- queue grows. Messages queued before this migration keep their submit time as their rank.

ALTER TABLE outgoing_queue ADD COLUMN claim_rank_us BIGINT;
UPDATE outgoing_queue SET claim_rank_us = client_submit_us;
ALTER TABLE outgoing_queue MODIFY claim_rank_us BIGINT NOT NULL;
CREATE INDEX outgoing_queue_rank_ix ON outgoing_queue (claim_rank_us, submit_seq);
