package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * {@code PrepareSubmit} and {@code ExpandRecips}: turns the recipient table a client composed into
 * the one that is queued.
 *
 * <p>Personal distribution lists are messages of class {@code IPM.DistList} in the same mailbox
 * whose recipient rows are the members; a recipient of address type {@code MAPIPDL} names one by
 * its entry id. Lists may nest; a cycle is refused. Each list is expanded once per submit, however
 * many paths lead to it: a list holding the previous one twice, eighteen levels deep, would
 * otherwise make 2^18 rows of one address. Nesting depth and the number of rows are capped.
 */
final class RecipientExpander {
  static final String MAPIPDL = "MAPIPDL";
  static final String DIST_LIST_CLASS = "IPM.DistList";

  /** Lists within lists, counted from a recipient row: deeper nesting is refused. */
  static final int MAX_LIST_DEPTH = 16;

  /** Recipient rows of one submit after expansion: more is refused. */
  static final int MAX_RECIPIENT_ROWS = 10_000;

  private final MessageStore store;
  private final SubmitSupport support;

  RecipientExpander(MessageStore store, SubmitSupport support) {
    this.store = store;
    this.support = support;
  }

  /** The result of expansion: rows to queue, and whether a preprocessor must see the message. */
  record Expansion(List<RecipientRecord> rows, boolean needsPreprocessing) {}

  /**
   * PrepareSubmit (R6, R14): every row starts FALSE; on a resend, rows that already received the
   * message are shown but not sent again (TRUE, MAPI_SUBMITTED cleared), and the others are sent as
   * envelope-only MAPI_P1 copies.
   */
  static List<RecipientRecord> prepareSubmit(int messageFlags, List<RecipientRecord> rows) {
    boolean resend = (messageFlags & MessageFlags.MSGFLAG_RESEND) != 0;
    List<RecipientRecord> prepared = new ArrayList<>(rows.size());
    for (RecipientRecord r : rows) {
      int type = r.recipientType();
      if ((type & RecipientType.MAPI_SUBMITTED) != 0) {
        int base = type & ~RecipientType.MAPI_SUBMITTED;
        if (!resend) {
          throw new MapiException(
              MapiError.MAPI_E_INVALID_PARAMETER,
              "recipient '"
                  + name(r)
                  + "' is marked MAPI_SUBMITTED, which only a resend (MSGFLAG_RESEND) message may carry");
        }
        if (base == RecipientType.P1.value()) {
          throw new MapiException(
              MapiError.MAPI_E_INVALID_PARAMETER,
              "recipient '"
                  + name(r)
                  + "' is MAPI_P1 | MAPI_SUBMITTED; MAPI_SUBMITTED goes only with TO, CC or BCC");
        }
      }
      boolean responsibility = false;
      if (resend) {
        if ((type & RecipientType.MAPI_SUBMITTED) != 0) {
          type &= ~RecipientType.MAPI_SUBMITTED;
          responsibility = true;
        } else {
          type = RecipientType.P1.value();
        }
      }
      prepared.add(with(r, type, r.displayName(), r.addrType(), r.emailAddress(), responsibility));
    }
    return prepared;
  }

  /**
   * ExpandRecips (R9, R10): replaces MAPIPDL rows by their members, restores changed display names,
   * and marks every repeat of an address already being sent as handled, so each address gets the
   * message once while all rows stay visible. Refuses recipients no transport claims.
   */
  Expansion expand(Connection c, MailboxSession session, List<RecipientRecord> rows)
      throws SQLException {
    List<RecipientRecord> flat = new ArrayList<>();
    Set<String> expandedLists = new HashSet<>();
    for (RecipientRecord r : rows) {
      if (MAPIPDL.equals(r.addrType())) {
        Deque<String> path = new ArrayDeque<>();
        collectMembers(c, session, r, r.recipientType(), path, expandedLists, flat);
      } else {
        add(flat, r);
      }
    }
    List<RecipientRecord> result = new ArrayList<>(flat.size());
    Set<String> sending = new HashSet<>();
    boolean preprocess = false;
    int rowId = 0;
    for (RecipientRecord r : flat) {
      if (!support.claims(r.addrType(), r.emailAddress())) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            "recipient '"
                + name(r)
                + "' has address type "
                + r.addrType()
                + ", which no configured transport handles");
      }
      String restoredName = r.displayName();
      if (r.extra().get(PropTag.PR_ORIGINAL_DISPLAY_NAME) instanceof String original) {
        // Checked again here: a value stored before the write was checked, or written past the
        // store, must not become the display name a header carries.
        InputRules.checkSingleLine(
            "PR_ORIGINAL_DISPLAY_NAME of recipient '" + r.emailAddress() + "'", original);
        restoredName = original;
      }
      boolean responsibility = r.responsibility();
      if (!responsibility && !sending.add(key(r))) {
        responsibility = true; // a repeat: the first row with this address carries the delivery
      }
      if (!responsibility) {
        preprocess |= support.needsPreprocessing(r.addrType());
      }
      result.add(
          new RecipientRecord(
              rowId++,
              r.recipientType(),
              restoredName,
              r.addrType(),
              r.emailAddress(),
              responsibility,
              r.extra()));
    }
    return new Expansion(result, preprocess);
  }

  private void collectMembers(
      Connection c,
      MailboxSession session,
      RecipientRecord listRow,
      int recipientType,
      Deque<String> path,
      Set<String> expandedLists,
      List<RecipientRecord> out)
      throws SQLException {
    EntryId listId;
    try {
      listId = EntryId.parse(listRow.emailAddress());
    } catch (MapiException e) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "distribution list recipient '" + name(listRow) + "' does not name a list by entry id",
          e);
    }
    if (path.contains(listId.toString())) {
      List<String> cycle = new ArrayList<>(path);
      java.util.Collections.reverse(cycle);
      cycle.add(listId.toString());
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "distribution list '"
              + name(listRow)
              + "' contains itself through "
              + String.join(" -> ", cycle)
              + "; remove the loop");
    }
    if (path.size() >= MAX_LIST_DEPTH) {
      throw new MapiException(
          MapiError.MAPI_E_TOO_COMPLEX,
          "distribution list '"
              + name(listRow)
              + "' is nested more than "
              + MAX_LIST_DEPTH
              + " lists deep; flatten the lists");
    }
    if (!expandedLists.add(listId.toString())) {
      return; // reached by another path: its members are in already, once
    }
    MessageRecord list =
        store.messages().find(c, session.mailboxRecord().id(), EntryIds.messageBytes(listId));
    if (list == null || !DIST_LIST_CLASS.equals(list.props().get(PropTag.PR_MESSAGE_CLASS))) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND,
          "distribution list recipient '"
              + name(listRow)
              + "' names "
              + listId
              + ", which is no IPM.DistList of mailbox '"
              + session.mailbox()
              + "'");
    }
    path.push(listId.toString());
    for (RecipientRecord member : store.recipients().load(c, list.id())) {
      if (MAPIPDL.equals(member.addrType())) {
        collectMembers(c, session, member, recipientType, path, expandedLists, out);
      } else {
        add(
            out,
            with(
                member,
                recipientType,
                member.displayName(),
                member.addrType(),
                member.emailAddress(),
                false));
      }
    }
    path.pop();
  }

  /** Adds a row, refusing a submit whose lists expand past {@link #MAX_RECIPIENT_ROWS}. */
  private static void add(List<RecipientRecord> out, RecipientRecord r) {
    if (out.size() >= MAX_RECIPIENT_ROWS) {
      throw new MapiException(
          MapiError.MAPI_E_TOO_COMPLEX,
          "the message's recipients expand to more than "
              + MAX_RECIPIENT_ROWS
              + " rows; send to fewer recipients per message");
    }
    out.add(r);
  }

  private static String key(RecipientRecord r) {
    String address =
        "SMTP".equals(r.addrType()) ? r.emailAddress().toLowerCase(Locale.ROOT) : r.emailAddress();
    return r.addrType() + ":" + address;
  }

  private static String name(RecipientRecord r) {
    return r.displayName() != null
        ? r.displayName() + " <" + r.emailAddress() + ">"
        : r.emailAddress();
  }

  private static RecipientRecord with(
      RecipientRecord r,
      int type,
      String name,
      String addrType,
      String address,
      boolean responsibility) {
    Map<PropTag<?>, Object> extra = new LinkedHashMap<>(r.extra());
    return new RecipientRecord(r.rowId(), type, name, addrType, address, responsibility, extra);
  }
}
