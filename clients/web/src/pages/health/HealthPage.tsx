import { useParams } from 'react-router';
import { useCommunity } from '../../api/queries';
import { Placeholder } from '../../components/Placeholder';

// Placeholder: to be built in this folder (CommunityInsightsService.GetCommunityHealth, charts with @mantine/charts).
export default function HealthPage() {
  const { communityId = '' } = useParams();
  const community = useCommunity(communityId);
  return <Placeholder title={`Community health${community.data ? `: ${community.data.name}` : ''}`} />;
}
