@NullMarked
package org.registrysync.inventory;

import org.jspecify.annotations.NullMarked;
