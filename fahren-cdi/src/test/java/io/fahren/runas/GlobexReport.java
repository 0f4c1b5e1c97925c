package io.fahren.runas;

import io.fahren.RunAsTenant;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the inherited method as globex. */
@ApplicationScoped
@RunAsTenant("globex")
public class GlobexReport extends BaseReport {
}
