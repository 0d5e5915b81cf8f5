package org.msgstore.store;

import java.util.Set;
import org.msgstore.Recipient;
import org.msgstore.spi.LocalMailboxes;

/**
 * The local-mailbox transport's coupled half: inside submit() it delivers to every recipient that
 * names an existing mailbox of this store (R74, R75). Recipients naming no mailbox are left for the
 * spooler, whose local transport fails them with an NDR.
 */
public final class LocalCoupling implements CoupledTransport {
  private final Set<String> localDomains;

  public LocalCoupling(Set<String> localDomains) {
    this.localDomains = Set.copyOf(localDomains);
  }

  @Override
  public boolean handles(String addressType, String address) {
    return LocalMailboxes.mailboxOf(addressType, address, localDomains) != null;
  }

  @Override
  public void deliver(CoupledDelivery delivery) {
    for (Recipient r : delivery.offered()) {
      String mailbox = LocalMailboxes.mailboxOf(r.addressType(), r.address(), localDomains);
      if (mailbox != null && delivery.mailboxExists(mailbox)) {
        delivery.deliverToInbox(r.rowId(), mailbox);
      }
    }
  }
}
