import { useParams } from 'react-router';
import { useCommunity } from '../../api/queries';
import { Placeholder } from '../../components/Placeholder';

// Placeholder: to be built in this folder (ListReports, ResolveReport, ListJoinRequests, ListHeldContent, ListModerationLog).
export default function ModerationPage() {
  const { communityId = '' } = useParams();
  const community = useCommunity(communityId);
  return <Placeholder title={`Moderation${community.data ? `: ${community.data.name}` : ''}`} />;
}
