-- MsgStore schema 7: reports that came back after the relay accepted a message (a bounce, a
-- delay, a delivery notice), one row per message, recipient row and action. The row is written in
-- the transaction that writes the NDR or DR, so a report read twice (a crash before the bounce
-- mailbox was updated, a relay that sends two) never writes a second one. No foreign key: the
-- message may have been deleted after submit, and its reports still arrive.

CREATE TABLE late_report (
  message_id     BIGINT NOT NULL,
  recipient_row  INT NOT NULL,
  action         VARCHAR(20) NOT NULL,
  status         VARCHAR(20) NOT NULL,
  detail         VARCHAR(2000) NOT NULL,
  received_us    BIGINT NOT NULL,
  CONSTRAINT late_report_pk PRIMARY KEY (message_id, recipient_row, action)
);
