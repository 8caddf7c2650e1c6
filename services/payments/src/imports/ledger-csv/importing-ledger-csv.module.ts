import { Module } from '@nestjs/common';
import { LedgerImportController } from './ledger-import.controller';

/** POST /v1/imports/ledger; EventIngestion and IngestTokenGuard come from the (global) IngestionModule. */
@Module({ controllers: [LedgerImportController] })
export class ImportingLedgerCsvModule {}
