@NullMarked
package org.registrysync.job;

import org.jspecify.annotations.NullMarked;
