package org.msgstore.it.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape of a Prometheus text endpoint, read as Prometheus reads it: one series a line ({@code
 * name{label="value",...} number}) and the {@code # TYPE} lines. Test JVM only.
 */
public record PrometheusText(String text, List<Series> series, Map<String, String> types) {

  /** One sample line. */
  public record Series(String name, Map<String, String> labels, double value) {
    /** Whether every one of {@code wanted} is among the labels (a server adds its own). */
    public boolean hasLabels(Map<String, String> wanted) {
      return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  /** GETs {@code endpoint} as Prometheus does (plain text format) and parses it. */
  public static PrometheusText scrape(URI endpoint) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("Accept", "text/plain")
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "GET " + endpoint + " answered " + response.statusCode() + ": " + response.body());
      }
      return parse(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + endpoint + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted scraping " + endpoint, e);
    }
  }

  public static PrometheusText parse(String text) {
    List<Series> series = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        try {
          series.add(line(line));
        } catch (RuntimeException e) {
          if (line.startsWith("msgstore")) {
            throw new AssertionError("cannot read the scraped line " + line, e);
          }
          // Another component's line in a form this reader does not know: not what is tested.
        }
      }
    }
    return new PrometheusText(text, List.copyOf(series), Map.copyOf(types));
  }

  private static Series line(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq).trim();
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // after ="
        while (line.charAt(j) != '"') {
          if (line.charAt(j) == '\\') {
            j++;
          }
          value.append(line.charAt(j++));
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] after = line.substring(rest).trim().split(" ");
    return new Series(name, labels, number(after[0]));
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The series named {@code name} whose labels include {@code labels}. */
  public List<Series> find(String name, Map<String, String> labels) {
    return series.stream().filter(s -> s.name().equals(name) && s.hasLabels(labels)).toList();
  }

  /** The one value of that series; fails naming what was scraped when there is not exactly one. */
  public double value(String name, Map<String, String> labels) {
    List<Series> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " series " + name + labels + " in the scrape:\n" + msgstoreLines());
    }
    return found.get(0).value();
  }

  /** The MsgStore lines of the scrape, for failure messages. */
  public String msgstoreLines() {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.contains("msgstore")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }
}
