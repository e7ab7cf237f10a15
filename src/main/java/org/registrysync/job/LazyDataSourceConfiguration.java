package org.registrysync.job;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Gives the job repository's connection to a transaction only at its first statement.
 * Spring's transaction managers take a connection from the pool when a transaction
 * begins; a chunk's transaction begins before its records are read, and its first
 * statement comes only once the writer has every answer from Cortex, so that with this
 * proxy no connection is held while a request is in flight or waiting (SPEC §4).
 */
@Configuration(proxyBeanMethods = false)
class LazyDataSourceConfiguration {

	@Bean
	static BeanPostProcessor lazyDataSourceConnections() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof DataSource dataSource && !(bean instanceof LazyConnectionDataSourceProxy)) {
					// The pool is still closed through the bean it came from: Spring
					// registers destruction on the original instance.
					return new LazyConnectionDataSourceProxy(dataSource);
				}
				return bean;
			}
		};
	}

}
