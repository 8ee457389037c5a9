/** Serving recommenders (#17): live fold-in, the /recommend and /events bodies, A/B on clicks. Pure. */
export { LiveRecommender, type EventOutcome, type RecommendAnswer, type RecommendAsk, type RecommendedItem, type RecsEvent } from './live';
export { checkEventsRequest, checkRecommendRequest, checkRecsFeedbackRequest, maxEvents, maxK, type Checked, type EventRequest, type RecsFeedback } from './request';
export { abStats, armStats, erfc, inCandidateArm, twoProportionP, userBucket, wilson, type AbStats, type ArmStats } from './ab';
export { RecsEndpoints, type EndpointAnswer, type EndpointOptions, type RecsArm, type StoredEvent } from './endpoints';
