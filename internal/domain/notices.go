package domain

// Notification event kinds the workflows raise (subscriptions name them, or "*"): each is written
// to the outbox in the transaction of the change it tells of.
const (
	NoticeFollowUpAssigned   = "followup.assigned"          // a new follow-up, to its owner unit (and its leader in charge)
	NoticeFollowUpOverdue    = "followup.overdue"           // once per overdue episode, to the owner unit and the leader in charge
	NoticeFollowUpReturned   = "followup.returned"          // the analyst sent a reply back, to the owner unit
	NoticeExtensionGranted   = "followup.extension_granted" // to the owner unit
	NoticeExtensionRefused   = "followup.extension_refused" // to the owner unit
	NoticeSubmissionReturned = "submission.returned"        // a figure sent back, to the reporter's unit
)

// NoticeFollowUpLeader tells a follow-up's owner unit and its new leader in charge that the
// leader was named.
const NoticeFollowUpLeader = "followup.leader"
