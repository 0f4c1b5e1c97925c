package io.fahren.samples.orders;

/**
 * What a client sends to place an order.
 *
 * @param item what is ordered
 * @param quantity how many, at least 1
 */
public record OrderRequest(String item, int quantity) {
}
