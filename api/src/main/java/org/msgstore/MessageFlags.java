package org.msgstore;

/** Bits of {@link PropTag#PR_MESSAGE_FLAGS} (MAPIDefS.h). */
public final class MessageFlags {
  public static final int MSGFLAG_READ = 0x00000001;
  public static final int MSGFLAG_UNMODIFIED = 0x00000002;

  /** Set by the store in {@code submit()}; clients can neither set nor clear it. */
  public static final int MSGFLAG_SUBMIT = 0x00000004;

  /** Writable by clients only before the first save; set by the store at submit. */
  public static final int MSGFLAG_UNSENT = 0x00000008;

  public static final int MSGFLAG_HASATTACH = 0x00000010;
  public static final int MSGFLAG_FROMME = 0x00000020;
  public static final int MSGFLAG_ASSOCIATED = 0x00000040;

  /** A resend after a non-delivery report; writable by clients only before the first save. */
  public static final int MSGFLAG_RESEND = 0x00000080;

  public static final int MSGFLAG_RN_PENDING = 0x00000100;
  public static final int MSGFLAG_NRN_PENDING = 0x00000200;

  private MessageFlags() {}
}
