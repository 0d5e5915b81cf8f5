-- MsgStore schema 1: mailboxes, their folders, and messages as typed property bags.
-- MariaDB version of h2/V1: same tables, columns and meaning. Written to stay valid on MySQL 8 too
-- (not tried there). Every table says its engine and character set instead of trusting the
-- server's defaults: InnoDB for transactions, row locks and foreign keys (a MyISAM table would
-- silently ignore them); utf8mb4 with a binary collation so names compare as on H2 and PostgreSQL
-- ('alice' and 'Alice' are two mailboxes), not case-insensitively as MariaDB's default collation
-- would. AUTO_INCREMENT for identity columns; LONGBLOB for VARBINARY without a length.
--
-- Properties an application sets live in PROPS, encoded by PropertyCodec (tag, type, value per
-- entry): one column instead of one row per property keeps a save to a handful of statements.
-- Columns exist only for what SQL itself filters or sorts on.

CREATE TABLE mailbox (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(255) NOT NULL,
  created_us  BIGINT NOT NULL,
  CONSTRAINT mailbox_name_uq UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE folder (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mailbox_id    BIGINT NOT NULL,
  entry_id      VARBINARY(32) NOT NULL,
  kind          VARCHAR(32) NOT NULL,
  display_name  VARCHAR(255) NOT NULL,
  CONSTRAINT folder_mailbox_fk FOREIGN KEY (mailbox_id) REFERENCES mailbox (id),
  CONSTRAINT folder_entry_id_uq UNIQUE (entry_id),
  CONSTRAINT folder_kind_uq UNIQUE (mailbox_id, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- message_flags is PR_MESSAGE_FLAGS (store-owned bits such as MSGFLAG_SUBMIT are checked in SQL);
-- version guards against lost updates (MAPI_E_OBJECT_CHANGED); times are microseconds since 1970.
CREATE TABLE message (
  id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mailbox_id     BIGINT NOT NULL,
  folder_id      BIGINT NOT NULL,
  entry_id       VARBINARY(32) NOT NULL,
  message_flags  INT NOT NULL,
  version        INT NOT NULL,
  created_us     BIGINT NOT NULL,
  modified_us    BIGINT NOT NULL,
  props          LONGBLOB NOT NULL,
  CONSTRAINT message_mailbox_fk FOREIGN KEY (mailbox_id) REFERENCES mailbox (id),
  CONSTRAINT message_folder_fk FOREIGN KEY (folder_id) REFERENCES folder (id),
  CONSTRAINT message_entry_id_uq UNIQUE (entry_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX message_folder_ix ON message (folder_id, id);

-- One row per recipient; the columns are those recipient tables must offer and restrict on.
CREATE TABLE recipient (
  message_id      BIGINT NOT NULL,
  row_id          INT NOT NULL,
  recipient_type  INT NOT NULL,
  display_name    VARCHAR(1024),
  addr_type       VARCHAR(64) NOT NULL,
  email_address   VARCHAR(1024) NOT NULL,
  responsibility  BOOLEAN NOT NULL,
  props           LONGBLOB,
  PRIMARY KEY (message_id, row_id),
  CONSTRAINT recipient_message_fk FOREIGN KEY (message_id) REFERENCES message (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Attachment content is a LONGBLOB, bound from a stream; the server bounds one value by its
-- max_allowed_packet (see docs/databases.md).
CREATE TABLE attachment (
  message_id  BIGINT NOT NULL,
  attach_num  INT NOT NULL,
  file_name   VARCHAR(1024),
  mime_type   VARCHAR(255),
  size_bytes  BIGINT NOT NULL,
  content     LONGBLOB NOT NULL,
  PRIMARY KEY (message_id, attach_num),
  CONSTRAINT attachment_message_fk FOREIGN KEY (message_id) REFERENCES message (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
