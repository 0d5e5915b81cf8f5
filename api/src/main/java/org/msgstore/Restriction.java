package org.msgstore;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A MAPI table restriction: property comparisons (EQ, NE), existence, and AND / OR / NOT of those.
 * As in MAPI, a comparison on a property the row does not have is false, whether EQ or NE.
 */
public sealed interface Restriction {
  boolean matches(PropertyView row);

  static <T> Restriction eq(PropTag<T> tag, T value) {
    return new Property(tag, Relop.RELOP_EQ, tag.checkValue(value));
  }

  static <T> Restriction ne(PropTag<T> tag, T value) {
    return new Property(tag, Relop.RELOP_NE, tag.checkValue(value));
  }

  static Restriction exists(PropTag<?> tag) {
    return new Exist(Objects.requireNonNull(tag, "tag"));
  }

  static Restriction and(Restriction... all) {
    return new And(List.of(all));
  }

  static Restriction or(Restriction... any) {
    return new Or(List.of(any));
  }

  static Restriction not(Restriction r) {
    return new Not(Objects.requireNonNull(r, "restriction"));
  }

  /** The comparison operators MsgStore evaluates. */
  enum Relop {
    RELOP_EQ,
    RELOP_NE
  }

  record Property(PropTag<?> tag, Relop relop, Object value) implements Restriction {
    @Override
    public boolean matches(PropertyView row) {
      Object actual = row.get(tag);
      if (actual == null) {
        return false;
      }
      boolean equal =
          actual instanceof byte[] a && value instanceof byte[] b
              ? Arrays.equals(a, b)
              : actual.equals(value);
      return relop == Relop.RELOP_EQ ? equal : !equal;
    }
  }

  record Exist(PropTag<?> tag) implements Restriction {
    @Override
    public boolean matches(PropertyView row) {
      return row.get(tag) != null;
    }
  }

  record And(List<Restriction> all) implements Restriction {
    @Override
    public boolean matches(PropertyView row) {
      return all.stream().allMatch(r -> r.matches(row));
    }
  }

  record Or(List<Restriction> any) implements Restriction {
    @Override
    public boolean matches(PropertyView row) {
      return any.stream().anyMatch(r -> r.matches(row));
    }
  }

  record Not(Restriction inner) implements Restriction {
    @Override
    public boolean matches(PropertyView row) {
      return !inner.matches(row);
    }
  }
}
