import { useParams } from 'react-router';
import { useCommunity } from '../../api/queries';
import { Placeholder } from '../../components/Placeholder';

// Placeholder: to be built in this folder (RecognitionService.GetLeaderboard).
export default function LeaderboardsPage() {
  const { communityId = '' } = useParams();
  const community = useCommunity(communityId);
  return <Placeholder title={`Leaderboards${community.data ? `: ${community.data.name}` : ''}`} />;
}
