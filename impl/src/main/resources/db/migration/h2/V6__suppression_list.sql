-- MsgStore schema 6: the suppression list. An address that hard-bounced (5.x.x), whose owner
-- complained, or that an administrator added gets no more mail: the spooler fails its recipients
-- with an NDR at once, without an SMTP transaction. Addresses are stored lower-cased; message_id
-- names the message whose report put it here (no foreign key: the message may be deleted since).
-- expires_us NULL: until removed.

CREATE TABLE suppressed_address (
  address      VARCHAR(320) NOT NULL,
  reason       VARCHAR(2000) NOT NULL,
  source       VARCHAR(20) NOT NULL,
  message_id   BIGINT,
  created_us   BIGINT NOT NULL,
  expires_us   BIGINT,
  CONSTRAINT suppressed_address_pk PRIMARY KEY (address)
);
