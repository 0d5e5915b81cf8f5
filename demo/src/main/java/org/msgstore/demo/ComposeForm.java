package org.msgstore.demo;

/**
 * What the page posts (JSON). Recipients are comma-separated; an entry with an {@code @} is an SMTP
 * address, anything else the name of a mailbox of this store (address type MSGSTORE). The
 * attachment comes base64-encoded, so the page needs no multipart handling.
 */
public class ComposeForm {
  public String to;
  public String cc;
  public String bcc;

  /** Comma-separated, each {@code address} or {@code Name <address>}: the Reply-To header. */
  public String replyTo;

  public String subject;
  public String body;
  public String attachmentName;
  public String attachmentType;
  public String attachmentBase64;
  public Integer deferMinutes;
  public boolean deleteAfterSubmit;
  public boolean deliveryReport;
  public boolean forceRollback;
}
