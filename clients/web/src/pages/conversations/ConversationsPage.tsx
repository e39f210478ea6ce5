import { Placeholder } from '../../components/Placeholder';

// Placeholder: to be built in this folder. Direct messages and groups. (MessagingService)
export default function ConversationsPage() {
  return <Placeholder title="Conversations" />;
}
