/** Typed search attributes, shared by workflows, the client and the dev-server setup (names in domain/listing.ts). */
// @temporalio/workflow 1.24 does not re-export these; @temporalio/common is safe in workflow code.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { LISTING_ATTRIBUTES, type ListingAttributeType } from '../domain/listing';

export const REGULATION_ID = defineSearchAttributeKey('RegulationId', SearchAttributeType.KEYWORD);
export const REGULATION_STAGE = defineSearchAttributeKey('RegulationStage', SearchAttributeType.KEYWORD);
export const NEXT_DEADLINE = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const PENDING_BODIES = defineSearchAttributeKey('PendingBodies', SearchAttributeType.KEYWORD_LIST);
export const REGULATION_PEOPLE = defineSearchAttributeKey('RegulationPeople', SearchAttributeType.KEYWORD_LIST);
export const OPEN_WORK = defineSearchAttributeKey('OpenWork', SearchAttributeType.KEYWORD_LIST);
export const REGULATION_TEXT = defineSearchAttributeKey('RegulationText', SearchAttributeType.TEXT);

/** Name → CLI type, for `temporal server start-dev --search-attribute` and operator setup. */
export const SEARCH_ATTRIBUTES: Record<string, ListingAttributeType> = LISTING_ATTRIBUTES;
