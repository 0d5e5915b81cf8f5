-- MsgStore schema 2: the outgoing queue. MariaDB version of h2/V2, identical in meaning.
--
-- A row exists while a message is submitted and not yet finished. Order is client submit time,
-- then submit_seq (R19). submit_flags holds SUBMITFLAG_PREPROCESS / SUBMITFLAG_LOCKED; a lock is a
-- lease (lock_owner, lease_until_us) so that a crashed or stopped node's locks expire (R33).
-- due_us is when the spooler may next offer the message (deferred send R79, retries).
-- An AUTO_INCREMENT column must lead an index: submit_seq gets a unique one of its own.

CREATE TABLE outgoing_queue (
  message_id        BIGINT NOT NULL,
  submit_seq        BIGINT NOT NULL AUTO_INCREMENT,
  mailbox_id        BIGINT NOT NULL,
  client_submit_us  BIGINT NOT NULL,
  submit_flags      INT NOT NULL,
  due_us            BIGINT NOT NULL,
  lock_owner        VARCHAR(200),
  lease_until_us    BIGINT,
  attempts          INT NOT NULL DEFAULT 0,
  last_error        VARCHAR(2000),
  PRIMARY KEY (message_id),
  CONSTRAINT outgoing_queue_seq_uq UNIQUE (submit_seq),
  CONSTRAINT outgoing_queue_message_fk FOREIGN KEY (message_id) REFERENCES message (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX outgoing_queue_order_ix ON outgoing_queue (client_submit_us, submit_seq);
CREATE INDEX outgoing_queue_due_ix ON outgoing_queue (due_us);
