package org.registrysync.job;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stops sending the moment a chunk fails, whatever failed: reading, writing (the
 * database, the lock) or the commit itself. Updates started ahead of the failed chunk
 * would otherwise go on using the tenant's rate limit while Spring Batch records the
 * failure, which can take as long as the job repository takes to answer, and until the
 * application closes. A failure while reading or writing is seen through
 * {@link #onChunkError}; one at commit through a transaction synchronization registered
 * for each chunk.
 */
class StopSendingOnFailure implements ChunkListener<SyncItem, SyncItem> {

	private final ConnectorPlanner planner;

	StopSendingOnFailure(ConnectorPlanner planner) {
		this.planner = planner;
	}

	@Override
	public void beforeChunk(Chunk<SyncItem> chunk) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					if (status != STATUS_COMMITTED) {
						planner.stopSending("the run failed: a chunk did not commit");
					}
				}
			});
		}
	}

	@Override
	public void onChunkError(Exception exception, Chunk<SyncItem> chunk) {
		planner.stopSending("the run failed: " + exception.getMessage());
	}

}
