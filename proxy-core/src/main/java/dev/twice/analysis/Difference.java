package dev.twice.analysis;

/**
 * One way two responses differ: {@code where} is {@code status}, {@code Location}, a JSON path
 * such as {@code $.order.id}, or {@code body}; {@code before} and {@code after} are the values,
 * {@code null} when absent on that side.
 */
public record Difference(String where, String before, String after) {}
