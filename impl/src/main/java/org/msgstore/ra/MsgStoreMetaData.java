package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.sql.SQLException;

/** Describes the adapter to the container; the user is the database user of the connection. */
final class MsgStoreMetaData implements ManagedConnectionMetaData {
  static final String PRODUCT_NAME = "MsgStore";
  static final String PRODUCT_VERSION = "0.1";

  private final UserName userName;

  /** Reads the database user when asked. */
  @FunctionalInterface
  interface UserName {
    String read() throws SQLException;
  }

  MsgStoreMetaData(UserName userName) {
    this.userName = userName;
  }

  @Override
  public String getEISProductName() {
    return PRODUCT_NAME;
  }

  @Override
  public String getEISProductVersion() {
    return PRODUCT_VERSION;
  }

  /** 0: the adapter sets no limit; the database and the pool size do. */
  @Override
  public int getMaxConnections() {
    return 0;
  }

  @Override
  public String getUserName() throws ResourceException {
    try {
      return userName.read();
    } catch (SQLException e) {
      throw new ResourceException("cannot read the database user: " + e.getMessage(), e);
    }
  }
}
