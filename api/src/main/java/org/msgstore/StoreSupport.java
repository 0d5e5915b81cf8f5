package org.msgstore;

/** Bits of {@link PropTag#PR_STORE_SUPPORT_MASK} (MAPIDefS.h). */
public final class StoreSupport {
  public static final int STORE_ENTRYID_UNIQUE = 0x00000001;
  public static final int STORE_READONLY = 0x00000002;
  public static final int STORE_SEARCH_OK = 0x00000004;
  public static final int STORE_MODIFY_OK = 0x00000008;
  public static final int STORE_CREATE_OK = 0x00000010;
  public static final int STORE_ATTACH_OK = 0x00000020;
  public static final int STORE_OLE_OK = 0x00000040;
  public static final int STORE_SUBMIT_OK = 0x00000080;
  public static final int STORE_NOTIFY_OK = 0x00000100;
  public static final int STORE_MV_PROPS_OK = 0x00000200;
  public static final int STORE_CATEGORIZE_OK = 0x00000400;
  public static final int STORE_RTF_OK = 0x00000800;
  public static final int STORE_RESTRICTION_OK = 0x00001000;
  public static final int STORE_SORT_OK = 0x00002000;
  public static final int STORE_PUBLIC_FOLDERS = 0x00004000;
  public static final int STORE_UNCOMPRESSED_RTF = 0x00008000;
  public static final int STORE_HTML_OK = 0x00010000;
  public static final int STORE_ANSI_OK = 0x00020000;
  public static final int STORE_UNICODE_OK = 0x00040000;

  private StoreSupport() {}
}
