@NullMarked
package org.registrysync.outcome;

import org.jspecify.annotations.NullMarked;
