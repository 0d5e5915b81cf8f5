package org.msgstore;

/** Bits of {@link PropTag#PR_SUBMIT_FLAGS} (MAPIDefS.h), and the flags of {@code submit(int)}. */
public final class SubmitFlags {
  /** The spooler holds the message locked. */
  public static final int SUBMITFLAG_LOCKED = 0x00000001;

  /** The message waits for preprocessing. */
  public static final int SUBMITFLAG_PREPROCESS = 0x00000002;

  /** Flag of {@link Message#submit(int)}: accepted, documented by MAPI as not in use. */
  public static final int FORCE_SUBMIT = 0x00000001;

  private SubmitFlags() {}
}
