package org.msgstore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.spi.Preprocessor;

/**
 * What MAPI's support object does for a store on the send path, as MsgStore's own code: the
 * preprocessor registry ({@code RegisterPreprocessor}), the address types the configured transports
 * claim, and the coupled transport, if any. Expansion itself is {@link RecipientExpander}.
 */
public final class SubmitSupport {
  /** What is claimed before the spooler configures its transports: the built-in ones. */
  static final Set<String> BUILT_IN_ADDRESS_TYPES = Set.of("SMTP", "MSGSTORE");

  private final List<Preprocessor> preprocessors = new CopyOnWriteArrayList<>();
  private volatile Set<String> claimedAddressTypes = BUILT_IN_ADDRESS_TYPES;
  private volatile boolean someTransportClaimsAll;
  private volatile CoupledTransport coupled;

  /** {@code RegisterPreprocessor}: preprocessors run in registration order (R46). */
  public void registerPreprocessor(Preprocessor preprocessor, int flags) {
    if (flags != 0) {
      throw new MapiException(
          MapiError.MAPI_E_UNKNOWN_FLAGS,
          String.format("registerPreprocessor flags 0x%08X are reserved and must be 0", flags));
    }
    if (preprocessor == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the preprocessor is null");
    }
    preprocessors.add(preprocessor);
  }

  public List<Preprocessor> preprocessors() {
    return List.copyOf(preprocessors);
  }

  /**
   * The address types the configured transports claim; {@code claimsAll} when one of them takes
   * every type. A recipient of another type is refused at submit.
   */
  public void setClaimedAddressTypes(Set<String> addressTypes, boolean claimsAll) {
    List<String> upper = new ArrayList<>();
    addressTypes.forEach(t -> upper.add(t.toUpperCase(Locale.ROOT)));
    this.claimedAddressTypes = Set.copyOf(upper);
    this.someTransportClaimsAll = claimsAll;
  }

  public void setCoupledTransport(CoupledTransport coupled) {
    this.coupled = coupled;
  }

  CoupledTransport coupled() {
    return coupled;
  }

  boolean claims(String addressType, String address) {
    CoupledTransport c = coupled;
    return someTransportClaimsAll
        || claimedAddressTypes.contains(addressType.toUpperCase(Locale.ROOT))
        || c != null && c.handles(addressType, address);
  }

  /** Whether some registered preprocessor applies to a recipient of this address type (R47). */
  boolean needsPreprocessing(String addressType) {
    for (Preprocessor p : preprocessors) {
      Set<String> types = p.addressTypes();
      if (types == null
          || types.isEmpty()
          || types.stream().anyMatch(t -> t.equalsIgnoreCase(addressType))) {
        return true;
      }
    }
    return false;
  }
}
