package io.fahren.runas;

import io.fahren.RunAsTenant;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the inherited method as acme. */
@ApplicationScoped
@RunAsTenant("acme")
public class AcmeReport extends BaseReport {
}
